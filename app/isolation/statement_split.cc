#include "app/isolation/statement_split.h"

#include <pg_query.h>

namespace interleave::app::isolation {

std::vector<std::string> split_statements(std::string_view sql) {
  const std::string text(sql);
  PgQuerySplitResult split = pg_query_split_with_scanner(text.c_str());
  std::vector<std::string> statements;
  if (split.error != nullptr) {
    // The scanner could not cut it (an unterminated quote): the server
    // would answer the whole text with its syntax error, so send it whole.
    statements.push_back(text);
  } else {
    for (int i = 0; i < split.n_stmts; ++i) {
      const PgQuerySplitStmt& stmt = *split.stmts[i];
      // A length of 0 means "to the end of the text", as in a RawStmt.
      std::string statement = text.substr(static_cast<std::size_t>(stmt.stmt_location),
                                          stmt.stmt_len == 0 ? std::string::npos
                                                             : static_cast<std::size_t>(stmt.stmt_len));
      if (statement.find_first_not_of(" \t\r\n\f") != std::string::npos) statements.push_back(std::move(statement));
    }
  }
  pg_query_free_split_result(split);
  return statements;
}

}  // namespace interleave::app::isolation
