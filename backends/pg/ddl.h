#pragma once
// SQL text of names and of CREATE TABLE for the libpqxx backend. Every
// identifier goes through a QuoteName (the session's, which is the
// connection's quote_name, PQescapeIdentifier), so a name holding quotes,
// dots, ";" or "--" stays one identifier; values never appear in this text.
//
// Example, for kMemberships in schema "t1":
//   CREATE TABLE "t1"."memberships" ("id" bigserial PRIMARY KEY,
//     "user_id" bigint NOT NULL, "role" text,
//     CONSTRAINT "memberships_user_id_key" UNIQUE ("user_id"),
//     CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "t1"."users" ("id"))

#include <functional>
#include <string>
#include <string_view>

#include "model/db/table.h"

namespace interleave::impl::pg {

// An identifier as SQL text: "name", with embedded quotes doubled.
using QuoteName = std::function<std::string(std::string_view)>;

// "schema"."name", or "name" when schema is empty (found through search_path).
std::string quoted_table(const QuoteName& quote, std::string_view schema, std::string_view name);
std::string quoted_table(const QuoteName& quote, const model::db::TableName& table);

// CREATE TABLE for def in schema (empty: unqualified, so the server creates
// it in the first schema of search_path, and foreign keys reference tables
// found the same way). Column 0 is always "id" bigserial PRIMARY KEY,
// whatever type def declares for it.
std::string create_table_sql(const QuoteName& quote, std::string_view schema, const model::db::TableDef& def);

}  // namespace interleave::impl::pg
