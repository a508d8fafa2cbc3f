#include "backends/pg/pg_session.h"

#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>

#include <pqxx/errorhandler>
#include <pqxx/prepared_statement>

#include "backends/pg/ddl.h"
#include "backends/pg/pg_errors.h"
#include "model/db/sql/sql_reader.h"
#include "model/db/sql_text.h"

namespace interleave::impl::pg {

using model::db::Assignments;
using model::db::ColumnType;
using model::db::Conditions;
using model::db::Row;
using model::db::RowLock;
using model::db::TableDef;
using model::db::TableName;
using model::db::Value;

// Values bound as $1, $2, ... in text format, each parsed by the server as
// the type its place in the statement asks for; NULL binds as SQL NULL.
class PgSession::Parameters {
 public:
  // Binds value and returns its placeholder.
  std::string add(const Value& value) {
    if (std::holds_alternative<std::monostate>(value)) {
      pointers_.push_back(nullptr);
    } else {
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        texts_.push_back(std::to_string(*number));
      } else {
        texts_.push_back(std::get<std::string>(value));
        // libpq sends text parameters as C strings; PostgreSQL text holds no NUL.
        if (texts_.back().find('\0') != std::string::npos) {
          throw std::invalid_argument("a text value holds a NUL byte, which PostgreSQL cannot store");
        }
      }
      pointers_.push_back(texts_.back().c_str());
    }
    return "$" + std::to_string(pointers_.size());
  }
  auto bound() const { return pqxx::prepare::make_dynamic_params(pointers_); }

 private:
  std::deque<std::string> texts_;  // a deque: appending keeps the pointers valid
  std::vector<const char*> pointers_;
};

namespace {

// The server re-formats jsonb (key order, spacing) its own way; the port
// holds JSON as model::db::canonical_json text.
std::string canonical_json_of(const pqxx::field& field) {
  std::optional<std::string> json = model::db::canonical_json(std::string_view(field.c_str(), field.size()));
  if (!json) throw std::logic_error(std::string("the server sent a jsonb value that is not JSON: ") + field.c_str());
  return *std::move(json);
}

Value value_of(const pqxx::field& field, ColumnType type) {
  if (field.is_null()) return std::monostate{};
  switch (type) {
    case ColumnType::kBigInt: return field.as<std::int64_t>();
    case ColumnType::kText: return std::string(field.c_str(), field.size());
    case ColumnType::kJson: return canonical_json_of(field);
    case ColumnType::kBoolean: return std::int64_t{field.as<bool>() ? 1 : 0};  // the port's boolean
  }
  throw std::invalid_argument("unknown column type");
}

}  // namespace

void TableCatalog::add(const TableDef& def) {
  std::lock_guard lock(mutex_);
  auto [entry, added] = defs_.try_emplace(def.name, &def);
  if (!added && entry->second != &def) {
    throw std::logic_error("table " + def.name + " is already defined by another TableDef");
  }
}

const TableDef* TableCatalog::find(std::string_view table) const {
  std::lock_guard lock(mutex_);
  auto entry = defs_.find(table);
  return entry == defs_.end() ? nullptr : entry->second;
}

// The server's NOTICE and WARNING messages while a statement of SQL text
// runs, primary line only: "NOTICE:  drop cascades to table s.t" kept as
// "drop cascades to table s.t", other severities with their label.
class PgSession::NoticeCollector final : public pqxx::errorhandler {
 public:
  explicit NoticeCollector(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}
  bool operator()(const char message[]) noexcept override {
    if (!collecting) return true;  // a structured call's notice: libpq's default (stderr)
    try {
      // The primary message only: DETAIL and HINT lines follow it.
      std::string text(message);
      text = text.substr(0, text.find('\n'));
      constexpr std::string_view kNotice = "NOTICE:  ";
      if (text.rfind(kNotice, 0) == 0) text.erase(0, kNotice.size());
      messages.push_back(std::move(text));
    } catch (...) {
      // Out of memory for a notice: drop it rather than crash.
    }
    return false;  // libpqxx's default handler would print it to stderr
  }
  bool collecting = false;
  std::vector<std::string> messages;
};

PgSession::PgSession(const std::string& conninfo, std::shared_ptr<TableCatalog> catalog)
    : catalog_(std::move(catalog)), connection_(open_connection(conninfo)), sql_(connection_),
      notices_(std::make_unique<NoticeCollector>(connection_)) {}

PgSession::~PgSession() = default;

int PgSession::backend_pid() const { return connection_.backendpid(); }

bool PgSession::make_reusable() noexcept {
  try {
    rollback();
    if (connection_lost_ || !connection_.is_open()) return false;
    sql_.exec0("DISCARD ALL");
    return true;
  } catch (...) {
    return false;
  }
}

void PgSession::run_script(const std::string& sql) {
  rollback();
  refuse_if_lost();
  try {
    sql_.exec(sql);
  } catch (...) {
    if (!connection_.is_open()) connection_lost_ = true;
    rethrow_as_db_error();
  }
}

void PgSession::refuse_if_lost() const {
  if (connection_lost_) {
    throw model::db::DbError(model::db::sqlstate::kConnectionFailure, "connection to the server was lost");
  }
}

pqxx::result PgSession::send(const std::string& sql, const Parameters& parameters) {
  refuse_if_lost();
  try {
    return sql_.exec_params(sql, parameters.bound());
  } catch (...) {
    // Whatever the error, a closed connection stays closed for this session.
    if (!connection_.is_open()) connection_lost_ = true;
    if (in_transaction_) failed_ = true;
    rethrow_as_db_error();
  }
}

pqxx::result PgSession::statement(const std::string& sql, const Parameters& parameters) {
  if (!in_transaction_) {
    send("BEGIN", {});
    in_transaction_ = true;
  }
  return send(sql, parameters);
}

pqxx::result PgSession::statement(const std::string& sql) { return statement(sql, {}); }

void PgSession::end_transaction(const char* sql) {
  if (!in_transaction_) return;
  // Whatever the answer, the server has left the transaction block.
  in_transaction_ = false;
  failed_ = false;
  send(sql, {});
}

void PgSession::commit_transaction() { end_transaction("COMMIT"); }

void PgSession::rollback_transaction() {
  // A lost connection's transaction is already rolled back by the server.
  if (connection_lost_) in_transaction_ = false;
  end_transaction("ROLLBACK");
}

// --- SQL text ---

namespace {

using model::db::SqlColumn;
using model::db::SqlColumns;
using model::db::SqlResult;
using model::db::sql::ClientStatement;

// PostgreSQL's type oids (pg_type.dat) of the types the port tells apart.
constexpr pqxx::oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kJsonbOid = 3802;

ColumnType column_type_of(pqxx::oid type) {
  switch (type) {
    case kBoolOid: return ColumnType::kBoolean;
    case kInt8Oid:
    case kInt2Oid:
    case kInt4Oid: return ColumnType::kBigInt;
    case kJsonbOid: return ColumnType::kJson;
    default: return ColumnType::kText;  // text, varchar, void (an empty value), timestamptz as the server prints it
  }
}

std::string command_tag(ClientStatement::Kind kind, const std::string& tag, std::int64_t rows, bool failed) {
  using Kind = ClientStatement::Kind;
  switch (kind) {
    case Kind::kBegin: return tag.empty() ? "BEGIN" : tag;
    case Kind::kCommit: return failed ? "ROLLBACK" : "COMMIT";
    case Kind::kRollback:
    case Kind::kRollbackTo: return "ROLLBACK";
    case Kind::kSavepoint: return "SAVEPOINT";
    case Kind::kRelease: return "RELEASE";
    case Kind::kSelect: return "SELECT " + std::to_string(rows);
    case Kind::kInsert: return "INSERT 0 " + std::to_string(rows);
    case Kind::kUpdate: return "UPDATE " + std::to_string(rows);
    case Kind::kDelete: return "DELETE " + std::to_string(rows);
    case Kind::kOther: return tag;
  }
  return tag;
}

}  // namespace

SqlResult PgSession::execute(std::string_view sql, const std::vector<Value>& params) {
  std::vector<ClientStatement> statements;
  try {
    statements = model::db::sql::split_sql(sql);
  } catch (const model::db::DbError&) {
    // A syntax error: the server reports its own, and nothing runs.
    statements = {ClientStatement{.text = std::string(sql.substr(0, sql.find('\0')))}};
  }
  // With parameters the extended protocol takes one statement: the server
  // refuses more ("cannot insert multiple commands into a prepared statement").
  if (!params.empty() && statements.size() > 1) {
    statements = {ClientStatement{.text = std::string(sql.substr(0, sql.find('\0')))}};
  }
  SqlResult result;
  for (const ClientStatement& statement : statements) {
    result = run_text(statement.text, static_cast<int>(statement.kind), statement.tag, params);
  }
  return result;
}

SqlResult PgSession::run_text(const std::string& text, int kind_number, const std::string& tag,
                              const std::vector<Value>& params) {
  using Kind = ClientStatement::Kind;
  const auto kind = static_cast<Kind>(kind_number);
  notices_->messages.clear();
  notices_->collecting = true;
  const bool failed_before = failed_;
  pqxx::result result;
  try {
    if (params.empty()) {
      refuse_if_lost();
      try {
        result = sql_.exec(text);
      } catch (...) {
        if (!connection_.is_open()) connection_lost_ = true;
        if (in_transaction_) failed_ = true;
        rethrow_as_db_error();
      }
    } else {
      Parameters parameters;
      for (const Value& value : params) parameters.add(value);
      result = send(text, parameters);
    }
  } catch (...) {
    notices_->collecting = false;
    throw;
  }
  notices_->collecting = false;
  switch (kind) {
    case Kind::kBegin: in_transaction_ = true; break;
    case Kind::kCommit:
    case Kind::kRollback:
      in_transaction_ = false;
      failed_ = false;
      break;
    case Kind::kRollbackTo: failed_ = false; break;
    default: break;
  }
  SqlResult answer;
  const auto columns = result.columns();
  answer.returns_rows = columns > 0;
  std::vector<SqlColumn> named;
  for (pqxx::row::size_type i = 0; i < columns; ++i) {
    named.push_back(SqlColumn{result.column_name(i), column_type_of(result.column_type(i))});
  }
  answer.columns = SqlColumns(std::move(named));
  for (const pqxx::row& server_row : result) {
    std::vector<Value>& row = answer.rows.emplace_back();
    for (pqxx::row::size_type i = 0; i < columns; ++i) row.push_back(value_of(server_row[i], answer.columns[i].type));
  }
  answer.rows_affected = answer.returns_rows ? static_cast<std::int64_t>(result.size()) : result.affected_rows();
  answer.command_tag = command_tag(kind, tag, answer.rows_affected, failed_before);
  answer.notices = std::move(notices_->messages);
  notices_->messages.clear();
  return answer;
}

std::string PgSession::quoted(std::string_view name) {
  refuse_if_lost();
  return connection_.quote_name(std::string(name));
}

std::string PgSession::where_clause(const Conditions& where, Parameters& parameters) {
  std::string clause;
  for (const auto& [column, value] : where) {
    clause += clause.empty() ? " WHERE " : " AND ";
    clause += quoted(column) + " = " + parameters.add(value);
  }
  return clause;
}

std::vector<Row> PgSession::rows_of(const TableName& table, const pqxx::result& result) const {
  const TableDef* def = catalog_->find(table.name);
  if (def == nullptr) throw std::logic_error("no TableDef for table " + table.display());
  const auto column_count = static_cast<pqxx::row::size_type>(def->columns.size());
  bool same_columns = result.columns() == column_count;
  for (pqxx::row::size_type i = 0; same_columns && i < column_count; ++i) {
    same_columns = def->columns[i].name == result.column_name(i);
  }
  if (!same_columns) throw std::logic_error("table " + table.display() + " on the server differs from its TableDef");

  std::vector<Row> rows;
  rows.reserve(result.size());
  for (const pqxx::row& server_row : result) {
    Row& row = rows.emplace_back(Row{def, {}});
    row.values.reserve(def->columns.size());
    for (pqxx::row::size_type i = 0; i < column_count; ++i) {
      // Column 0 is the bigserial id, whatever type the def declares for it.
      row.values.push_back(value_of(server_row[i], i == 0 ? ColumnType::kBigInt : def->columns[i].type));
    }
  }
  return rows;
}

std::vector<Row> PgSession::select(const TableName& table, const Conditions& where, RowLock lock) {
  Parameters parameters;
  const std::string sql = "SELECT * FROM " + quoted_table(quote_, table) + where_clause(where, parameters) +
                          " ORDER BY \"id\"" + std::string(model::db::row_lock_clause(lock));
  return rows_of(table, statement(sql, parameters));
}

std::int64_t PgSession::insert(const TableName& table, const Assignments& values) {
  Parameters parameters;
  std::string columns;
  std::string placeholders;
  for (const auto& [column, value] : values) {
    if (!columns.empty()) columns += ", ";
    if (!placeholders.empty()) placeholders += ", ";
    columns += quoted(column);
    placeholders += parameters.add(value);
  }
  const std::string sql = "INSERT INTO " + quoted_table(quote_, table) +
                          (values.empty() ? " DEFAULT VALUES" : " (" + columns + ") VALUES (" + placeholders + ")") +
                          " RETURNING \"id\"";
  return statement(sql, parameters).at(0).at(0).as<std::int64_t>();
}

std::int64_t PgSession::update(const TableName& table, const Assignments& set, const Conditions& where) {
  if (set.empty()) throw std::invalid_argument("UPDATE of " + table.display() + " assigns no column");
  Parameters parameters;
  std::string assignments;
  for (const auto& [column, value] : set) {
    if (!assignments.empty()) assignments += ", ";
    assignments += quoted(column) + " = " + parameters.add(value);
  }
  const std::string sql =
      "UPDATE " + quoted_table(quote_, table) + " SET " + assignments + where_clause(where, parameters);
  return statement(sql, parameters).affected_rows();
}

std::int64_t PgSession::remove(const TableName& table, const Conditions& where) {
  Parameters parameters;
  const std::string sql = "DELETE FROM " + quoted_table(quote_, table) + where_clause(where, parameters);
  return statement(sql, parameters).affected_rows();
}

void PgSession::savepoint(std::string_view name) { statement("SAVEPOINT " + quoted(name)); }

void PgSession::rollback_to_savepoint(std::string_view name) {
  statement("ROLLBACK TO SAVEPOINT " + quoted(name));
}

void PgSession::release_savepoint(std::string_view name) { statement("RELEASE SAVEPOINT " + quoted(name)); }

void PgSession::set_search_path(const std::vector<std::string>& schemas) {
  std::string list;
  for (const std::string& schema : schemas) list += (list.empty() ? "" : ", ") + quoted(schema);
  statement("SET search_path TO " + (schemas.empty() ? std::string("''") : list));
}

void PgSession::set_lock_timeout(std::int64_t ms) {
  if (ms < 0) throw std::invalid_argument("lock_timeout must be >= 0 ms, not " + std::to_string(ms));
  // A number we format ourselves: SET takes no parameters.
  statement("SET lock_timeout = " + std::to_string(ms));
}

void PgSession::create_schema(std::string_view schema) { statement("CREATE SCHEMA " + quoted(schema)); }

void PgSession::create_table(std::string_view schema, const TableDef& def) {
  // Registered first, so that a def the catalog refuses never reaches the server.
  catalog_->add(def);
  statement(create_table_sql(quote_, schema, def));
}

void PgSession::drop_schema(std::string_view schema, bool cascade, bool if_exists) {
  statement(std::string("DROP SCHEMA ") + (if_exists ? "IF EXISTS " : "") + quoted(schema) +
            (cascade ? " CASCADE" : ""));
}

pqxx::result PgSession::call_with_key(std::string_view function, std::int64_t key) {
  Parameters parameters;
  return statement("SELECT " + std::string(function) + "(" + parameters.add(key) + ")", parameters);
}

void PgSession::advisory_xact_lock(std::int64_t key) { call_with_key("pg_advisory_xact_lock", key); }

bool PgSession::try_advisory_xact_lock(std::int64_t key) {
  return call_with_key("pg_try_advisory_xact_lock", key).at(0).at(0).as<bool>();
}

void PgSession::advisory_lock(std::int64_t key) { call_with_key("pg_advisory_lock", key); }

bool PgSession::advisory_unlock(std::int64_t key) {
  return call_with_key("pg_advisory_unlock", key).at(0).at(0).as<bool>();
}

}  // namespace interleave::impl::pg
