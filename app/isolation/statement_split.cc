#include "app/isolation/statement_split.h"

namespace interleave::app::isolation {

namespace {

bool is_tag_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

bool is_word_char(char c) { return is_tag_char(c) || c == '$'; }

// The end of the quoted text that starts at `at` (on its opening quote):
// the index after its closing quote, or the end of the text.
std::size_t skip_quoted(std::string_view sql, std::size_t at, char quote, bool backslashes) {
  for (std::size_t i = at + 1; i < sql.size(); ++i) {
    if (backslashes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;  // a doubled quote stands for one
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

// $tag$ ... $tag$ starting at `at`; npos when `at` does not open one.
std::size_t skip_dollar_quoted(std::string_view sql, std::size_t at) {
  std::size_t end = at + 1;
  while (end < sql.size() && is_tag_char(sql[end])) ++end;
  if (end >= sql.size() || sql[end] != '$') return std::string_view::npos;
  if (end > at + 1 && sql[at + 1] >= '0' && sql[at + 1] <= '9') return std::string_view::npos;  // $1: a parameter
  const std::string_view tag = sql.substr(at, end - at + 1);
  const std::size_t close = sql.find(tag, end + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

std::size_t skip_block_comment(std::string_view sql, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i + 1 < sql.size(); ++i) {
    if (sql[i] == '/' && sql[i + 1] == '*') {
      ++depth;
      ++i;
    } else if (sql[i] == '*' && sql[i + 1] == '/') {
      ++i;
      if (--depth == 0) return i + 1;
    }
  }
  return sql.size();
}

// Whether the statement holds anything but spaces and comments.
bool has_content(std::string_view statement) {
  for (std::size_t i = 0; i < statement.size();) {
    const char c = statement[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (statement.substr(i, 2) == "--") {
      const std::size_t end = statement.find('\n', i);
      i = end == std::string_view::npos ? statement.size() : end;
    } else if (statement.substr(i, 2) == "/*") {
      i = skip_block_comment(statement, i);
    } else {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::size_t start = 0;
  auto cut = [&](std::size_t end) {
    const std::string_view statement = sql.substr(start, end - start);
    if (has_content(statement)) statements.emplace_back(statement);
    start = end + 1;
  };
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const bool word_before = i > 0 && is_word_char(sql[i - 1]);
    if (c == ';') {
      cut(i);
      ++i;
    } else if (c == '\'') {
      const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !is_word_char(sql[i - 2]));
      i = skip_quoted(sql, i, '\'', escapes);
    } else if (c == '"') {
      i = skip_quoted(sql, i, '"', false);
    } else if (c == '$' && !word_before) {
      const std::size_t end = skip_dollar_quoted(sql, i);
      i = end == std::string_view::npos ? i + 1 : end;
    } else if (sql.substr(i, 2) == "--") {
      const std::size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end;
    } else if (sql.substr(i, 2) == "/*") {
      i = skip_block_comment(sql, i);
    } else {
      ++i;
    }
  }
  if (start < sql.size()) cut(sql.size());
  return statements;
}

}  // namespace interleave::app::isolation
