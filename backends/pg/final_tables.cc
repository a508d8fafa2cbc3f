#include "backends/pg/final_tables.h"

#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "backends/pg/pg_session.h"
#include "model/db/sql_text.h"

namespace interleave::impl::pg {

namespace {

std::string quoted_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string row_line(const std::string& table, const model::db::Row& row) {
  return fmt::format("row {} {}", table, model::db::row_text(row));
}

}  // namespace

std::vector<std::string> model_table_lines(const model::db::Database& db) {
  std::vector<std::string> lines;
  for (const std::string& schema : db.committed_schemas()) {
    lines.push_back("schema " + schema);
    for (const model::db::TableDef* def : db.committed_tables(schema)) {
      const std::string table = schema + "." + def->name;
      lines.push_back("table " + table);
      // Versions are kept in write order; the server reads ORDER BY id.
      std::vector<model::db::Row> rows = db.committed_rows(def->name, schema);
      if (!def->id_column) {
        // A table created from SQL text has no id: its rows compare as sorted lines.
        std::vector<std::string> sorted;
        for (const model::db::Row& row : rows) sorted.push_back(row_line(table, row));
        std::sort(sorted.begin(), sorted.end());
        lines.insert(lines.end(), sorted.begin(), sorted.end());
        continue;
      }
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id() < b.id(); });
      for (const model::db::Row& row : rows) lines.push_back(row_line(table, row));
    }
  }
  return lines;
}

std::vector<std::string> server_table_lines(PgDatabase& database) {
  PgSession& session = database.admin();
  std::vector<std::pair<std::string, std::vector<std::string>>> schemas;  // and their tables
  // Creation order is oid order; public (2200) comes before every user
  // schema, as in the model. One round trip: an empty schema has a NULL table.
  const model::db::SqlResult catalog = session.execute(
      "SELECT n.nspname, c.relname FROM pg_catalog.pg_namespace n LEFT JOIN pg_catalog.pg_class c "
      "ON c.relnamespace = n.oid AND c.relkind = 'r' WHERE n.nspname <> 'information_schema' "
      "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY n.oid, c.oid",
      {});
  for (const std::vector<model::db::Value>& row : catalog.rows) {
    const std::string& schema = std::get<std::string>(row.at(0));
    if (schemas.empty() || schemas.back().first != schema) schemas.push_back({schema, {}});
    if (const auto* table = std::get_if<std::string>(&row.at(1))) schemas.back().second.push_back(*table);
  }
  std::vector<std::string> lines;
  for (const auto& [schema, tables] : schemas) {
    lines.push_back("schema " + schema);
    for (const std::string& name : tables) {
      const std::string table = schema + "." + name;
      lines.push_back("table " + table);
      if (session.knows_table(name)) {
        for (const model::db::Row& row : session.select({schema, name}, {})) lines.push_back(row_line(table, row));
        continue;
      }
      // Created from SQL text: no TableDef, rows as sorted lines (as model_table_lines).
      std::vector<std::string> sorted;
      const model::db::SqlResult result =
          session.execute("SELECT * FROM " + quoted_identifier(schema) + "." + quoted_identifier(name), {});
      for (const std::vector<model::db::Value>& values : result.rows) {
        sorted.push_back(row_line(table, model::db::Row{nullptr, values}));
      }
      std::sort(sorted.begin(), sorted.end());
      lines.insert(lines.end(), sorted.begin(), sorted.end());
    }
  }
  session.rollback();
  return lines;
}

std::optional<std::string> first_difference(const std::vector<std::string>& model,
                                            const std::vector<std::string>& server) {
  const std::size_t common = std::min(model.size(), server.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (model[i] != server[i]) return fmt::format("model has {}, server has {}", model[i], server[i]);
  }
  if (model.size() > common) return fmt::format("model has {}, server has nothing more", model[common]);
  if (server.size() > common) return fmt::format("server has {}, model has nothing more", server[common]);
  return std::nullopt;
}

}  // namespace interleave::impl::pg
