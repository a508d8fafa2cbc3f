// libFuzzer target for the SQL reader of the db model (model/db/sql/): any
// bytes as SQL text must be read into statements or refused with a DbError
// (42601 syntax, 0A000 not supported, or another PostgreSQL error of the
// mapping), never crash, leak or raise anything else.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/db/error.h"
#include "model/db/sql/sql_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  try {
    const interleave::model::db::sql::Script script = interleave::model::db::sql::read_sql_uncached(sql);
    (void)script;
  } catch (const interleave::model::db::DbError&) {
    // A refusal: what the reader promises for text it cannot run.
  }
  try {
    (void)interleave::model::db::sql::split_sql(sql);
  } catch (const interleave::model::db::DbError&) {
  }
  return 0;
}
