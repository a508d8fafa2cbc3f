// Transactions, savepoints, SET, and the DDL of the subset.

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/db/sql/sql_map.h"
#include "model/db/wait_graph.h"

namespace interleave::model::db::sql::map {

namespace {

Plan transaction(const Json& body, const Source& source) {
  const std::string kind = body.value("kind", std::string());
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    for (const Json& option : items(body, "options")) {
      const Json& element = option["DefElem"];
      const std::string name = element.value("defname", std::string());
      if (name == "transaction_isolation") {
        const std::string level = element["arg"]["A_Const"]["sval"].value("sval", std::string());
        if (level != "read committed") {
          std::string upper;
          for (char c : level) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          source.unsupported("isolation level " + upper, location_of(element));
        }
      } else {
        source.unsupported(name == "transaction_read_only" ? "READ ONLY / READ WRITE"
                                                           : name == "transaction_deferrable" ? "DEFERRABLE" : name,
                           location_of(element));
      }
    }
    return Begin{.start_transaction = kind == "TRANS_STMT_START"};
  }
  if (body.value("chain", false)) source.unsupported("AND CHAIN", source.statement_location);
  if (kind == "TRANS_STMT_COMMIT") return Commit{};
  if (kind == "TRANS_STMT_ROLLBACK") return Rollback{};
  const std::string name = body.value("savepoint_name", std::string());
  if (kind == "TRANS_STMT_SAVEPOINT") return Savepoint{name};
  if (kind == "TRANS_STMT_RELEASE") return ReleaseSavepoint{name};
  if (kind == "TRANS_STMT_ROLLBACK_TO") return RollbackToSavepoint{name};
  if (kind == "TRANS_STMT_PREPARE") source.unsupported("PREPARE TRANSACTION", source.statement_location);
  source.unsupported("two-phase commit", source.statement_location);
}

// A duration as PostgreSQL reads a time setting whose unit is ms: 100,
// '100', '100ms', '1s', '1min', '1h', '1d'. nullopt: not one.
std::optional<std::int64_t> duration_ms(const Json& node, const Source& source) {
  if (std::optional<std::int64_t> number = integer_constant(node, source)) return number;
  if (!node.contains("A_Const") || !node["A_Const"].contains("sval")) return std::nullopt;
  std::string text = node["A_Const"]["sval"].value("sval", std::string());
  std::string_view rest = text;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  std::int64_t number = 0;
  auto [stop, error] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (error != std::errc() || stop == rest.data()) return std::nullopt;
  rest.remove_prefix(static_cast<std::size_t>(stop - rest.data()));
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.remove_suffix(1);
  if (rest.empty() || rest == "ms") return number;
  if (rest == "s") return number * 1000;
  if (rest == "min") return number * 60'000;
  if (rest == "h") return number * 3'600'000;
  if (rest == "d") return number * 86'400'000;
  return std::nullopt;
}

Plan set_setting(const Json& body, const Source& source) {
  const std::string kind = body.value("kind", std::string());
  const std::string name = body.value("name", std::string());
  SetSetting set{.local = body.value("is_local", false), .reset = kind == "VAR_RESET"};
  const bool to_default = kind == "VAR_SET_DEFAULT" || kind == "VAR_RESET";
  // What a connection handed back to a pool runs (and an exported spec's
  // "closes the connection" step).
  if (kind == "VAR_RESET_ALL") return SetSetting{.reset = true, .all = true};
  if (kind != "VAR_SET_VALUE" && !to_default) source.unsupported("this form of SET", source.statement_location);
  const Json args = items(body, "args");
  if (name == "search_path") {
    set.setting = SetSetting::Setting::kSearchPath;
    if (to_default) {
      set.schemas = {"public"};  // "$user", public: no schema is named after the user here
    } else {
      for (const Json& arg : args) {
        if (!arg.contains("A_Const") || !arg["A_Const"].contains("sval")) {
          source.unsupported("this search_path value", arg);
        }
        const std::string schema = arg["A_Const"]["sval"].value("sval", std::string());
        // SET search_path TO '' names no schema at all.
        if (!(args.size() == 1 && schema.empty())) set.schemas.emplace_back(truncated_identifier(schema));
      }
    }
    return set;
  }
  if (name == "lock_timeout" || name == "statement_timeout") {
    // Both in ms, 0 (the default) meaning no limit.
    set.setting = name == "lock_timeout" ? SetSetting::Setting::kLockTimeout : SetSetting::Setting::kStatementTimeout;
    if (!to_default) {
      std::optional<std::int64_t> ms = args.size() == 1 ? duration_ms(args[0], source) : std::nullopt;
      if (!ms) source.unsupported(fmt::format("this {} value", name), args.empty() ? Json() : args[0]);
      if (*ms < 0 || *ms > 2147483647) {
        throw SqlError(kInvalidParameterValue,
                       fmt::format("{} ms is outside the valid range for parameter \"{}\" (0 .. 2147483647)", *ms,
                                   name));
      }
      set.ms = *ms;
    }
    return set;
  }
  if (name == "deadlock_timeout") {
    // How long a lock wait lasts before its deadlock check runs; specs set
    // it so that the victim of a deadlock does not depend on timing.
    set.setting = SetSetting::Setting::kDeadlockTimeout;
    set.ms = kDeadlockTimeoutMs;
    if (!to_default) {
      std::optional<std::int64_t> ms = args.size() == 1 ? duration_ms(args[0], source) : std::nullopt;
      if (!ms) source.unsupported("this deadlock_timeout value", args.empty() ? Json() : args[0]);
      if (*ms < 1 || *ms > 2147483647) {
        throw SqlError(kInvalidParameterValue,
                       fmt::format("{} ms is outside the valid range for parameter \"deadlock_timeout\" (1 .. "
                                   "2147483647)",
                                   *ms));
      }
      set.ms = *ms;
    }
    return set;
  }
  source.unsupported("SET " + (name.empty() ? std::string("of this kind") : name), source.statement_location);
}

ColumnType column_type(const Json& type_name, Column& column, const Source& source) {
  const Json& names = type_name["names"];
  const std::string name = string_of(names.back());
  const int location = location_of(type_name);
  if (type_name.contains("arrayBounds")) source.unsupported("array type", location);
  const bool has_typmods = type_name.contains("typmods");
  if (has_typmods && name != "varchar") source.unsupported("type modifier of " + name, location);
  if (has_typmods) source.unsupported("varchar(n)", location);
  if (name == "int2" || name == "smallserial" || name == "serial2") source.unsupported("smallint", location);
  if (name == "int4" || name == "int8") {
    column.int4 = name == "int4";
    return ColumnType::kBigInt;
  }
  if (name == "serial" || name == "bigserial" || name == "serial4" || name == "serial8") {
    column.serial = true;
    column.not_null = true;
    column.int4 = name == "serial" || name == "serial4";
    return ColumnType::kBigInt;
  }
  if (name == "text" || name == "varchar") return ColumnType::kText;
  if (name == "bool") return ColumnType::kBoolean;
  if (name == "jsonb") return ColumnType::kJson;
  source.unsupported("column type " + name, location);
}

std::string constraint_name(const std::string& table, const std::vector<std::string>& columns,
                            std::string_view suffix) {
  std::string name = table;
  for (const std::string& column : columns) name += "_" + column;
  return std::string(truncated_identifier(name + "_" + std::string(suffix)));
}

// `name`: the constraint's own (CONSTRAINT name UNIQUE ...), else
// PostgreSQL's default.
void add_unique(CreateTable& create, const std::vector<std::string>& columns, bool primary, int location,
                const Source& source, const std::string& name = "") {
  UniqueConstraint unique{.name = !name.empty() ? name
                                  : primary     ? constraint_name(create.def.name, {}, "pkey")
                                                : constraint_name(create.def.name, columns, "key")};
  for (const std::string& column : columns) {
    if (!create.def.has_column(column)) {
      throw SqlError(sqlstate::kUndefinedColumn,
                     fmt::format("column \"{}\" named in key does not exist", column));
    }
    const std::size_t index = create.def.column_index(column);
    unique.columns.push_back(index);
    if (primary) create.def.columns[index].not_null = true;
  }
  if (primary) {
    for (const UniqueConstraint& existing : create.def.uniques) {
      if (existing.name == unique.name) {
        throw SqlError("42P16", fmt::format("multiple primary keys for table \"{}\" are not allowed", create.def.name));
      }
    }
    // The primary key's index is created first, as PostgreSQL checks it first.
    create.def.uniques.insert(create.def.uniques.begin(), unique);
  } else {
    create.def.uniques.push_back(unique);
  }
  (void)location;
  (void)source;
}

void add_foreign_key(CreateTable& create, const std::string& column, const Json& constraint, const Source& source) {
  const int location = location_of(constraint);
  if (constraint.value("fk_del_action", std::string("a")) != "a") source.unsupported("ON DELETE action", location);
  if (constraint.value("fk_upd_action", std::string("a")) != "a") source.unsupported("ON UPDATE action", location);
  if (constraint.value("deferrable", false)) source.unsupported("DEFERRABLE", location);
  const Json& pk_table = constraint["pktable"];
  if (pk_table.contains("schemaname")) source.unsupported("a foreign key to another schema", location);
  std::string referenced;
  if (constraint.contains("pk_attrs")) {
    if (constraint["pk_attrs"].size() != 1) source.unsupported("a multi-column foreign key", location);
    referenced = string_of(constraint["pk_attrs"][0]);
  }
  // CONSTRAINT name FOREIGN KEY names it; otherwise PostgreSQL's default.
  create.def.foreign_keys.push_back({.name = constraint.value("conname", constraint_name(create.def.name, {column}, "fkey")),
                                     .column = create.def.column_index(column),
                                     .referenced_table = pk_table.value("relname", std::string())});
  create.referenced_columns.push_back(referenced);
}

Plan create_table(const Json& body, const Source& source) {
  const Json& relation = body["relation"];
  if (relation.value("relpersistence", std::string("p")) != "p") source.unsupported("TEMP or UNLOGGED table", relation);
  if (body.contains("inhRelations")) source.unsupported("INHERITS", source.statement_location);
  if (body.contains("partspec")) source.unsupported("PARTITION BY", source.statement_location);
  if (body.contains("ofTypename")) source.unsupported("OF type", source.statement_location);
  if (body.contains("options")) source.unsupported("WITH (storage options)", source.statement_location);
  CreateTable create{.schema = relation.value("schemaname", std::string()),
                     .def = TableDef{.name = std::string(truncated_identifier(relation.value("relname", std::string())))},
                     .if_not_exists = body.value("if_not_exists", false)};
  create.def.id_column = false;
  // Columns first, then their constraints: a table constraint may name a later column.
  std::vector<std::pair<std::string, const Json*>> column_constraints;
  for (const Json& element : items(body, "tableElts")) {
    if (element.contains("ColumnDef")) {
      const Json& def = element["ColumnDef"];
      Column column{.name = def.value("colname", std::string())};
      if (create.def.has_column(column.name)) {
        throw SqlError("42701", fmt::format("column \"{}\" specified more than once", column.name));
      }
      if (def.contains("collClause")) source.unsupported("COLLATE", location_of(def));
      if (!def.contains("typeName")) source.unsupported("a column without a type", location_of(def));
      column.type = column_type(def["typeName"], column, source);
      create.def.columns.push_back(column);
      for (const Json& constraint : items(def, "constraints")) {
        column_constraints.emplace_back(column.name, &constraint["Constraint"]);
      }
    } else if (!element.contains("Constraint")) {
      source.unsupported("LIKE", element);
    }
  }
  for (const auto& [column, constraint] : column_constraints) {
    const std::string type = constraint->value("contype", std::string());
    const int location = location_of(*constraint);
    Column& def_column = create.def.columns[create.def.column_index(column)];
    if (type == "CONSTR_NOTNULL") {
      def_column.not_null = true;
    } else if (type == "CONSTR_NULL") {
    } else if (type == "CONSTR_PRIMARY") {
      add_unique(create, {column}, true, location, source);
    } else if (type == "CONSTR_UNIQUE") {
      add_unique(create, {column}, false, location, source);
    } else if (type == "CONSTR_DEFAULT") {
      Expr value = expression((*constraint)["raw_expr"], source);
      if (value.kind != Expr::Kind::kConst) source.unsupported("DEFAULT with an expression", location);
      def_column.default_value = value.value;
    } else if (type == "CONSTR_FOREIGN") {
      add_foreign_key(create, column, *constraint, source);
    } else {
      source.unsupported(type == "CONSTR_CHECK" ? "CHECK" : type == "CONSTR_IDENTITY" ? "GENERATED AS IDENTITY"
                         : type == "CONSTR_GENERATED" ? "GENERATED column" : type,
                         location);
    }
  }
  for (const Json& element : items(body, "tableElts")) {
    if (!element.contains("Constraint")) continue;
    const Json& constraint = element["Constraint"];
    const std::string type = constraint.value("contype", std::string());
    const int location = location_of(constraint);
    std::vector<std::string> keys;
    for (const Json& key : items(constraint, "keys")) keys.push_back(string_of(key));
    if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
      // A named primary key would escape the one-primary-key check, which
      // finds the primary key by its default name.
      if (type == "CONSTR_PRIMARY" && constraint.contains("conname")) {
        source.unsupported("CONSTRAINT name PRIMARY KEY", location);
      }
      add_unique(create, keys, type == "CONSTR_PRIMARY", location, source, constraint.value("conname", std::string()));
    } else if (type == "CONSTR_FOREIGN") {
      if (items(constraint, "fk_attrs").size() != 1) source.unsupported("a multi-column foreign key", location);
      const std::string column = string_of(constraint["fk_attrs"][0]);
      if (!create.def.has_column(column)) {
        throw SqlError(sqlstate::kUndefinedColumn,
                       fmt::format("column \"{}\" referenced in foreign key constraint does not exist", column));
      }
      add_foreign_key(create, column, constraint, source);
    } else {
      source.unsupported(type == "CONSTR_CHECK" ? "CHECK" : "table constraint " + type, location);
    }
  }
  for (const Json& element : items(body, "tableElts")) {
    if (element.contains("ColumnDef") && element["ColumnDef"].contains("constraints")) {
      for (const Json& constraint : element["ColumnDef"]["constraints"]) {
        if (constraint["Constraint"].contains("conname")) source.unsupported("CONSTRAINT name", constraint["Constraint"]);
      }
    }
  }
  return create;
}

Plan drop(const Json& body, const Source& source) {
  const std::string type = body.value("removeType", std::string());
  const bool cascade = body.value("behavior", std::string()) == "DROP_CASCADE";
  const bool if_exists = body.value("missing_ok", false);
  if (body.value("concurrent", false)) source.unsupported("DROP ... CONCURRENTLY", source.statement_location);
  if (type == "OBJECT_SCHEMA") {
    DropSchema drop{.if_exists = if_exists, .cascade = cascade};
    for (const Json& object : body["objects"]) drop.names.push_back(string_of(object));
    return drop;
  }
  if (type == "OBJECT_TABLE") {
    DropTable drop{.if_exists = if_exists, .cascade = cascade};
    for (const Json& object : body["objects"]) {
      const Json& items = object["List"]["items"];
      TableRef ref;
      if (items.size() == 1) {
        ref.name = TableName(string_of(items[0]));
      } else if (items.size() == 2) {
        ref.name = TableName(string_of(items[0]), string_of(items[1]));
      } else {
        source.unsupported("a database-qualified table name", source.statement_location);
      }
      drop.tables.push_back(ref);
    }
    return drop;
  }
  source.unsupported("DROP " + type.substr(type.find('_') + 1), source.statement_location);
}

Plan lock_table(const Json& body, const Source& source) {
  LockTable lock{.mode = body.value("mode", 8), .nowait = body.value("nowait", false)};
  // The model has AccessShare, RowShare, RowExclusive, Exclusive, AccessExclusive.
  constexpr const char* kModeNames[] = {"",      "ACCESS SHARE",        "ROW SHARE",           "ROW EXCLUSIVE",
                                        "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE",
                                        "ACCESS EXCLUSIVE"};
  if (lock.mode < 1 || lock.mode > 8) source.unsupported("this lock mode", source.statement_location);
  if (lock.mode >= 4 && lock.mode <= 6) {
    source.unsupported(std::string("lock mode ") + kModeNames[lock.mode], source.statement_location);
  }
  for (const Json& relation : body["relations"]) lock.tables.push_back(table_ref(relation, source));
  return lock;
}

}  // namespace

Plan utility_statement(const std::string& kind, const Json& body, const Source& source) {
  const int at = source.statement_location;
  if (kind == "TransactionStmt") return transaction(body, source);
  if (kind == "VariableSetStmt") return set_setting(body, source);
  if (kind == "CreateSchemaStmt") {
    if (body.contains("authrole")) source.unsupported("AUTHORIZATION", at);
    if (body.contains("schemaElts")) source.unsupported("CREATE SCHEMA with elements", at);
    return CreateSchema{std::string(truncated_identifier(body.value("schemaname", std::string()))),
                        body.value("if_not_exists", false)};
  }
  if (kind == "CreateStmt") return create_table(body, source);
  if (kind == "DropStmt") return drop(body, source);
  if (kind == "LockStmt") return lock_table(body, source);
  // Names for the refusals a spec is most likely to meet.
  if (kind == "AlterTableStmt") source.unsupported("ALTER TABLE", at);
  if (kind == "IndexStmt") source.unsupported("CREATE INDEX", at);
  if (kind == "CopyStmt") source.unsupported("COPY", at);
  if (kind == "CreateFunctionStmt") source.unsupported("CREATE FUNCTION", at);
  if (kind == "ViewStmt") source.unsupported("CREATE VIEW", at);
  if (kind == "CreateSeqStmt") source.unsupported("CREATE SEQUENCE", at);
  if (kind == "CreateTrigStmt") source.unsupported("CREATE TRIGGER", at);
  if (kind == "TruncateStmt") source.unsupported("TRUNCATE", at);
  if (kind == "VacuumStmt") source.unsupported("VACUUM/ANALYZE", at);
  if (kind == "ExplainStmt") source.unsupported("EXPLAIN", at);
  if (kind == "PrepareStmt") source.unsupported("PREPARE", at);
  if (kind == "ExecuteStmt") source.unsupported("EXECUTE", at);
  if (kind == "DoStmt") source.unsupported("DO", at);
  if (kind == "NotifyStmt") source.unsupported("NOTIFY", at);
  if (kind == "ListenStmt") source.unsupported("LISTEN", at);
  if (kind == "VariableShowStmt") source.unsupported("SHOW", at);
  if (kind == "DeclareCursorStmt") source.unsupported("DECLARE CURSOR", at);
  if (kind == "CreateTableAsStmt") source.unsupported("CREATE TABLE AS", at);
  if (kind == "CallStmt") source.unsupported("CALL", at);
  if (kind == "MergeStmt") source.unsupported("MERGE", at);
  std::string name = kind.substr(0, kind.size() > 4 && kind.ends_with("Stmt") ? kind.size() - 4 : kind.size());
  source.unsupported("statement " + name, at);
}

}  // namespace interleave::model::db::sql::map
