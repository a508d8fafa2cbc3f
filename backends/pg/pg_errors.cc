#include "backends/pg/pg_errors.h"

#include "backends/pg/conninfo_secrets.h"

#include <array>
#include <optional>

#include <pqxx/except>

namespace interleave::impl::pg {

namespace {

using model::db::DbError;
namespace sqlstate = model::db::sqlstate;

// The class-40 states libpqxx 6.4 reports by exception type only.
constexpr std::string_view kSerializationFailure = "40001";
constexpr std::string_view kStatementCompletionUnknown = "40003";
constexpr std::string_view kTransactionRollback = "40000";
// A server error always has a SQLSTATE; libpqxx raises sql_error without one
// only for failures of its own (a failed cancel request): internal_error.
constexpr std::string_view kInternalError = "XX000";

constexpr std::array<std::string_view, 3> kSeverities = {"ERROR:  ", "FATAL:  ", "PANIC:  "};
constexpr std::string_view kDetail = "DETAIL:  ";
// The other fields libpq prints after the primary message (fe-protocol3.c).
constexpr std::array<std::string_view, 11> kOtherFields = {
    "LINE ",        "HINT:  ",          "QUERY:  ",           "CONTEXT:  ",  "SCHEMA NAME:  ", "TABLE NAME:  ",
    "COLUMN NAME:  ", "DATATYPE NAME:  ", "CONSTRAINT NAME:  ", "LOCATION:  ", "STATEMENT:  "};

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

template <std::size_t N>
std::optional<std::string_view> strip_label(std::string_view line, const std::array<std::string_view, N>& labels) {
  for (std::string_view label : labels) {
    if (line.starts_with(label)) return line.substr(label.size());
  }
  return std::nullopt;
}

void append_line(std::string& field, std::string_view line) {
  if (!field.empty()) field += '\n';
  field += line;
}

[[noreturn]] void throw_server_error(std::string_view state, const char* text) {
  ServerMessage message = parse_server_message(text);
  throw DbError(state, message.primary, std::move(message.detail));
}

}  // namespace

ServerMessage parse_server_message(std::string_view text) {
  std::string_view rest = text;
  auto next_line = [&rest] {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return line;
  };
  const std::optional<std::string_view> primary = strip_label(next_line(), kSeverities);
  if (!primary) return {std::string(trim(text)), {}};

  ServerMessage message{std::string(*primary), {}};
  std::string* field = &message.primary;  // the field a continuation line belongs to
  std::string ignored;
  while (!rest.empty()) {
    const std::string_view line = next_line();
    if (line.starts_with(kDetail)) {
      field = &message.detail;
      append_line(*field, line.substr(kDetail.size()));
    } else if (strip_label(line, kOtherFields)) {
      field = &ignored;
    } else {
      append_line(*field, line);
    }
  }
  return message;
}

void rethrow_as_db_error() {
  try {
    throw;
  } catch (const pqxx::deadlock_detected& error) {
    throw_server_error(sqlstate::kDeadlockDetected, error.what());
  } catch (const pqxx::serialization_failure& error) {
    throw_server_error(kSerializationFailure, error.what());
  } catch (const pqxx::statement_completion_unknown& error) {
    throw_server_error(kStatementCompletionUnknown, error.what());
  } catch (const pqxx::transaction_rollback& error) {
    throw_server_error(kTransactionRollback, error.what());
  } catch (const pqxx::sql_error& error) {
    throw_server_error(error.sqlstate().empty() ? kInternalError : std::string_view(error.sqlstate()), error.what());
  } catch (const pqxx::broken_connection& error) {
    throw DbError(sqlstate::kConnectionFailure,
                  "connection to the server was lost: " + std::string(trim(error.what())));
  }
}

pqxx::connection open_connection(const std::string& conninfo) {
  try {
    return pqxx::connection(conninfo);
  } catch (const pqxx::broken_connection& error) {
    throw_unreachable(conninfo, error);
  }
}

void throw_unreachable(const std::string& conninfo, const pqxx::broken_connection& error) {
  // Named by its settings with the password masked: this text reaches the
  // terminal, CI logs and summary.json.
  throw DbError(sqlstate::kConnectionFailure, "could not connect to PostgreSQL (" + masked_conninfo(conninfo) +
                                                  "): " + without_passwords(std::string(trim(error.what())), conninfo));
}

}  // namespace interleave::impl::pg
