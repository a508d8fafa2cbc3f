#include "tests/conformance/steps.h"

#include <utility>

#include "model/db/sql_text.h"

namespace interleave::conformance {

namespace {

const std::string kOk = "ok";

std::string rows_text(std::int64_t count) { return std::to_string(count) + (count == 1 ? " row" : " rows"); }

std::string bool_text(bool value) { return value ? "true" : "false"; }

// A step whose call returns nothing: its outcome is "ok".
template <typename Call>
Step ok_step(std::string name, Call call) {
  return {std::move(name), [call = std::move(call)](Session& session) {
            call(session);
            return kOk;
          }};
}

}  // namespace

Step insert(std::string name, TableName table, Assignments values) {
  return {std::move(name), [table = std::move(table), values = std::move(values)](Session& session) {
            return "id " + std::to_string(session.insert(table, values));
          }};
}

Step select(std::string name, TableName table, Conditions where, RowLock lock) {
  return {std::move(name), [table = std::move(table), where = std::move(where), lock](Session& session) {
            return model::db::rows_text(session.select(table, where, lock));
          }};
}

Step update(std::string name, TableName table, Assignments set, Conditions where) {
  return {std::move(name), [table = std::move(table), set = std::move(set), where = std::move(where)](
                               Session& session) { return rows_text(session.update(table, set, where)); }};
}

Step remove(std::string name, TableName table, Conditions where) {
  return {std::move(name), [table = std::move(table), where = std::move(where)](Session& session) {
            return rows_text(session.remove(table, where));
          }};
}

Step add(std::string name, TableName table, Assignments values) {
  return ok_step(std::move(name), [table = std::move(table), values = std::move(values)](Session& session) {
    session.add(table, values);
  });
}

Step flush(std::string name) {
  return {std::move(name), [](Session& session) {
            std::string ids;
            for (std::int64_t id : session.flush()) ids += (ids.empty() ? "ids " : ", ") + std::to_string(id);
            return ids.empty() ? std::string("no ids") : ids;
          }};
}

Step commit(std::string name) {
  return ok_step(std::move(name), [](Session& session) { session.commit(); });
}

Step rollback(std::string name) {
  return ok_step(std::move(name), [](Session& session) { session.rollback(); });
}

Step savepoint(std::string name, std::string savepoint) {
  return ok_step(std::move(name),
                 [savepoint = std::move(savepoint)](Session& session) { session.savepoint(savepoint); });
}

Step rollback_to_savepoint(std::string name, std::string savepoint) {
  return ok_step(std::move(name), [savepoint = std::move(savepoint)](Session& session) {
    session.rollback_to_savepoint(savepoint);
  });
}

Step release_savepoint(std::string name, std::string savepoint) {
  return ok_step(std::move(name), [savepoint = std::move(savepoint)](Session& session) {
    session.release_savepoint(savepoint);
  });
}

Step set_search_path(std::string name, std::vector<std::string> schemas) {
  return ok_step(std::move(name),
                 [schemas = std::move(schemas)](Session& session) { session.set_search_path(schemas); });
}

Step set_lock_timeout(std::string name, std::int64_t ms) {
  return ok_step(std::move(name), [ms](Session& session) { session.set_lock_timeout(ms); });
}

Step create_schema(std::string name, std::string schema) {
  return ok_step(std::move(name),
                 [schema = std::move(schema)](Session& session) { session.create_schema(schema); });
}

Step create_table(std::string name, std::string schema, const model::db::TableDef& def) {
  return ok_step(std::move(name),
                 [schema = std::move(schema), &def](Session& session) { session.create_table(schema, def); });
}

Step drop_schema(std::string name, std::string schema, Drop how) {
  return ok_step(std::move(name), [schema = std::move(schema), how](Session& session) {
    session.drop_schema(schema, how == Drop::kCascade, how == Drop::kIfExists);
  });
}

Step advisory_xact_lock(std::string name, std::int64_t key) {
  return ok_step(std::move(name), [key](Session& session) { session.advisory_xact_lock(key); });
}

Step try_advisory_xact_lock(std::string name, std::int64_t key) {
  return {std::move(name),
          [key](Session& session) { return bool_text(session.try_advisory_xact_lock(key)); }};
}

Step advisory_lock(std::string name, std::int64_t key) {
  return ok_step(std::move(name), [key](Session& session) { session.advisory_lock(key); });
}

Step advisory_unlock(std::string name, std::int64_t key) {
  return {std::move(name), [key](Session& session) { return bool_text(session.advisory_unlock(key)); }};
}

}  // namespace interleave::conformance
