#pragma once
// libpqxx's failures as the db port's DbError (model/db/error.h), carrying
// the server's SQLSTATE, primary message and DETAIL.
//
// libpqxx 6.4 keeps only the server's whole error text (what()) and, for most
// errors, sqlstate(). The deadlock and serialization failures (class 40)
// derive from pqxx::transaction_rollback, not sql_error, and carry no
// SQLSTATE at all: they are recognised by their exception type. A lost or
// refused connection (pqxx::broken_connection) is 08006.
//
// Example:
//   try {
//     sql.exec_params(statement, ...);
//   } catch (...) {
//     rethrow_as_db_error();   // DbError("23505", "duplicate key value violates ...", "Key (slug)=(acme) ...")
//   }

#include <string>
#include <string_view>

#include <pqxx/connection>
#include <pqxx/except>

#include "model/db/error.h"

namespace interleave::impl::pg {

// The parts of a server error text that DbError keeps.
struct ServerMessage {
  std::string primary;
  std::string detail;  // empty when the server sent no DETAIL
};

// Splits libpq's error text ("ERROR:  <primary>\nLINE 1: ...\nDETAIL:  <detail>
// \nHINT:  ...") into its primary message and DETAIL. A field may span lines
// (a deadlock's DETAIL names every process on its own line); it ends at the
// next labelled line. A text without a severity label is kept whole as the
// primary message, trimmed.
ServerMessage parse_server_message(std::string_view text);

// Called inside a catch block: rethrows the exception in flight as DbError
// when it is one of libpqxx's failures, or unchanged otherwise (libpqxx's
// usage and conversion errors are programming errors, not database outcomes).
[[noreturn]] void rethrow_as_db_error();

// Opens a connection with a libpq connection string (empty: the PG*
// environment). A server that cannot be reached is DbError 08006 whose
// message names the connection string and repeats libpq's reason (which
// names host and port).
pqxx::connection open_connection(const std::string& conninfo);
// Throws what open_connection throws when `error` kept it from `conninfo`.
[[noreturn]] void throw_unreachable(const std::string& conninfo, const pqxx::broken_connection& error);

}  // namespace interleave::impl::pg
