// SELECT (with FOR UPDATE and its kin, and the advisory-lock and pg_sleep
// calls), INSERT ... [ON CONFLICT], UPDATE, DELETE.

#include <cmath>
#include <string>

#include "model/db/sql/sql_map.h"

namespace interleave::model::db::sql::map {

namespace {

void refuse_common(const Json& body, const Source& source) {
  if (body.contains("withClause")) source.unsupported("WITH (CTE)", location_of(body["withClause"]));
}

std::optional<Expr> optional_expression(const Json& body, const char* field, const Source& source) {
  if (!body.contains(field)) return std::nullopt;
  return expression(body[field], source);
}

// SELECT pg_advisory_lock(1), pg_sleep(0.5) ...: one function call, no FROM.
std::optional<Plan> function_call(const Json& body, const Source& source) {
  if (body.contains("fromClause") || items(body, "targetList").size() != 1) return std::nullopt;
  const Json& res = body["targetList"][0]["ResTarget"];
  if (!res["val"].contains("FuncCall")) return std::nullopt;
  const Json& call = res["val"]["FuncCall"];
  if (call["funcname"].size() != 1) return std::nullopt;
  const std::string name = string_of(call["funcname"][0]);
  const Json args = items(call, "args");
  const int location = location_of(call);
  using Function = AdvisoryCall::Function;
  static const std::pair<const char*, Function> kAdvisory[] = {
      {"pg_advisory_lock", Function::kLock},          {"pg_advisory_xact_lock", Function::kXactLock},
      {"pg_try_advisory_lock", Function::kTryLock},   {"pg_try_advisory_xact_lock", Function::kTryXactLock},
      {"pg_advisory_unlock", Function::kUnlock},      {"pg_advisory_unlock_all", Function::kUnlockAll}};
  for (const auto& [function_name, function] : kAdvisory) {
    if (name != function_name) continue;
    AdvisoryCall advisory{.function = function, .name = res.value("name", name)};
    const std::size_t wanted = function == Function::kUnlockAll ? 0 : 1;
    if (args.size() != wanted) source.unsupported(name + " with " + std::to_string(args.size()) + " arguments", location);
    if (wanted == 1) advisory.key = expression(args[0], source);
    return advisory;
  }
  if (name == "pg_sleep") {
    if (args.size() != 1 || !args[0].contains("A_Const")) source.unsupported("pg_sleep of an expression", location);
    const Json& value = args[0]["A_Const"];
    double seconds = 0;
    if (value.contains("fval")) {
      seconds = std::stod(value["fval"].value("fval", std::string("0")));
    } else if (std::optional<std::int64_t> whole = integer_constant(args[0], source)) {
      seconds = static_cast<double>(*whole);
    } else {
      source.unsupported("pg_sleep of this value", location);
    }
    if (!(seconds >= 0 && seconds < 1e9)) source.unsupported("pg_sleep of this duration", location);
    return Sleep{static_cast<std::int64_t>(std::llround(seconds * 1000))};
  }
  return std::nullopt;
}

Plan select(const Json& body, const Source& source) {
  const int at = source.statement_location;
  refuse_common(body, source);
  if (body.value("op", std::string("SETOP_NONE")) != "SETOP_NONE") {
    const std::string op = body["op"].get<std::string>();
    source.unsupported(op == "SETOP_UNION" ? "UNION" : op == "SETOP_INTERSECT" ? "INTERSECT" : "EXCEPT", at);
  }
  if (body.contains("valuesLists")) source.unsupported("VALUES as a query", at);
  if (body.contains("distinctClause")) source.unsupported("DISTINCT", at);
  if (body.contains("groupClause")) source.unsupported("GROUP BY", at);
  if (body.contains("havingClause")) source.unsupported("HAVING", body["havingClause"]);
  if (body.contains("windowClause")) source.unsupported("WINDOW", at);
  if (body.contains("intoClause")) source.unsupported("SELECT INTO", at);
  if (body.contains("limitOffset")) source.unsupported("OFFSET", body["limitOffset"]);
  if (body.value("limitOption", std::string()) == "LIMIT_OPTION_WITH_TIES") source.unsupported("WITH TIES", at);
  if (std::optional<Plan> call = function_call(body, source)) return *call;

  Select select;
  if (body.contains("fromClause")) {
    const Json& from = body["fromClause"];
    if (from.size() != 1) source.unsupported("more than one table in FROM", location_of(from[1].begin().value()));
    select.from = table_ref(from[0], source);
  }
  if (!body.contains("targetList")) source.unsupported("SELECT without output columns", at);
  select.items = output_items(body["targetList"], source, /*allow_count=*/true);
  select.where = optional_expression(body, "whereClause", source);
  for (const Json& sort : items(body, "sortClause")) {
    const Json& by = sort["SortBy"];
    OrderKey key{.expr = expression(by["node"], source)};
    const std::string direction = by.value("sortby_dir", std::string());
    if (direction == "SORTBY_USING") source.unsupported("ORDER BY ... USING", at);
    key.descending = direction == "SORTBY_DESC";
    const std::string nulls = by.value("sortby_nulls", std::string());
    key.nulls_first = nulls == "SORTBY_NULLS_DEFAULT" ? key.descending : nulls == "SORTBY_NULLS_FIRST";
    // ORDER BY 2: an output column's position.
    if (key.expr.kind == Expr::Kind::kConst && key.expr.type == ColumnType::kBigInt) {
      source.unsupported("ORDER BY a column position", key.expr.location);
    }
    select.order.push_back(std::move(key));
  }
  if (body.contains("limitCount")) {
    select.limit = expression(body["limitCount"], source);
    if (select.limit->kind == Expr::Kind::kConst && !select.limit->type &&
        std::holds_alternative<std::monostate>(select.limit->value)) {
      select.limit.reset();  // LIMIT NULL / LIMIT ALL
    }
  }
  const Json locking = items(body, "lockingClause");
  if (locking.size() > 1) source.unsupported("more than one locking clause", at);
  if (!locking.empty()) {
    const Json& clause = locking[0]["LockingClause"];
    if (clause.contains("lockedRels")) source.unsupported("FOR UPDATE OF", at);
    const std::string strength = clause.value("strength", std::string());
    select.lock = strength == "LCS_FORKEYSHARE"    ? RowLock::kForKeyShare
                  : strength == "LCS_FORSHARE"     ? RowLock::kForShare
                  : strength == "LCS_FORNOKEYUPDATE" ? RowLock::kForNoKeyUpdate
                                                   : RowLock::kForUpdate;
    const std::string wait = clause.value("waitPolicy", std::string("LockWaitBlock"));
    select.wait = wait == "LockWaitError" ? LockWait::kNowait : wait == "LockWaitSkip" ? LockWait::kSkipLocked
                                                                                     : LockWait::kBlock;
  }
  return select;
}

std::vector<std::pair<std::string, Expr>> assignments(const Json& targets, const Source& source) {
  std::vector<std::pair<std::string, Expr>> set;
  for (const Json& target : targets) {
    const Json& res = target["ResTarget"];
    if (res.contains("indirection")) source.unsupported("assignment to a field or element", location_of(res));
    if (res["val"].contains("MultiAssignRef")) source.unsupported("(a, b) = (...)", location_of(res));
    if (res["val"].contains("SetToDefault")) source.unsupported("SET col = DEFAULT", location_of(res));
    set.emplace_back(res.value("name", std::string()), expression(res["val"], source));
  }
  return set;
}

Plan insert(const Json& body, const Source& source) {
  const int at = source.statement_location;
  refuse_common(body, source);
  Insert insert{.table = table_ref(body["relation"], source)};
  if (body.value("override", std::string("OVERRIDING_NOT_SET")) != "OVERRIDING_NOT_SET") {
    source.unsupported("OVERRIDING", at);
  }
  for (const Json& column : items(body, "cols")) {
    const Json& res = column["ResTarget"];
    if (res.contains("indirection")) source.unsupported("assignment to a field or element", location_of(res));
    insert.columns.push_back(res.value("name", std::string()));
  }
  if (!body.contains("selectStmt")) {
    insert.rows.emplace_back();  // DEFAULT VALUES
  } else {
    const Json& query = body["selectStmt"]["SelectStmt"];
    if (!query.contains("valuesLists")) source.unsupported("INSERT ... SELECT", at);
    for (const Json& list : query["valuesLists"]) {
      std::vector<std::optional<Expr>> row;
      for (const Json& item : list["List"]["items"]) {
        if (item.contains("SetToDefault")) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(expression(item, source));
        }
      }
      insert.rows.push_back(std::move(row));
    }
  }
  if (body.contains("onConflictClause")) {
    const Json& clause = body["onConflictClause"];
    const int location = location_of(clause);
    if (clause.contains("infer")) {
      const Json& infer = clause["infer"];
      if (infer.contains("conname")) source.unsupported("ON CONFLICT ON CONSTRAINT", location);
      if (infer.contains("whereClause")) source.unsupported("ON CONFLICT (...) WHERE", location);
      for (const Json& element : items(infer, "indexElems")) {
        const Json& index = element["IndexElem"];
        if (!index.contains("name")) source.unsupported("ON CONFLICT on an expression", location);
        insert.conflict_columns.push_back(index["name"].get<std::string>());
      }
    }
    const std::string action = clause.value("action", std::string());
    if (action == "ONCONFLICT_NOTHING") {
      insert.on_conflict = Insert::OnConflict::kDoNothing;
    } else {
      if (insert.conflict_columns.empty()) {
        throw SqlError(kSyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name");
      }
      insert.on_conflict = Insert::OnConflict::kDoUpdate;
      insert.conflict_set = assignments(clause["targetList"], source);
      insert.conflict_where = optional_expression(clause, "whereClause", source);
    }
  }
  if (body.contains("returningList")) insert.returning = output_items(body["returningList"], source, false);
  return insert;
}

Plan update(const Json& body, const Source& source) {
  refuse_common(body, source);
  if (body.contains("fromClause")) source.unsupported("UPDATE ... FROM", source.statement_location);
  Update update{.table = table_ref(body["relation"], source), .set = assignments(body["targetList"], source)};
  update.where = optional_expression(body, "whereClause", source);
  if (body.contains("returningList")) update.returning = output_items(body["returningList"], source, false);
  return update;
}

Plan remove(const Json& body, const Source& source) {
  refuse_common(body, source);
  if (body.contains("usingClause")) source.unsupported("DELETE ... USING", source.statement_location);
  Delete remove{.table = table_ref(body["relation"], source)};
  remove.where = optional_expression(body, "whereClause", source);
  if (body.contains("returningList")) remove.returning = output_items(body["returningList"], source, false);
  return remove;
}

}  // namespace

Plan dml_statement(const std::string& kind, const Json& body, const Source& source) {
  if (kind == "SelectStmt") return select(body, source);
  if (kind == "InsertStmt") return insert(body, source);
  if (kind == "UpdateStmt") return update(body, source);
  return remove(body, source);
}

}  // namespace interleave::model::db::sql::map
