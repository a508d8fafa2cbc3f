#pragma once
// Which schema's table a statement really touched, once search_path was
// resolved: an opt-in observation of the db model for the checks that care
// (the tenant-isolation property). Off unless an observer is installed, so
// exploration pays one test per statement.

#include <functional>
#include <string_view>

#include "harness/choice.h"

namespace interleave::model::db {

struct TableAccess {
  ActorId actor;
  std::string_view schema;  // views into the catalog: copy what you keep
  std::string_view table;
};

using TableAccessObserver = std::function<void(const TableAccess&)>;

}  // namespace interleave::model::db
