#include "app/isolation/model_sql.h"

namespace interleave::app::isolation {

ExecuteSql model_sql() {
  return [](model::db::Session& session, const std::string& sql) { return session.execute(sql, {}); };
}

}  // namespace interleave::app::isolation
