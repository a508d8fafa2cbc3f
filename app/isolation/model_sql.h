#pragma once
// How `interleave isolation` runs a statement on the model: the session's
// SQL front-end, Session::execute (model/db/sql/).

#include "app/isolation/model_connections.h"

namespace interleave::app::isolation {

ExecuteSql model_sql();

}  // namespace interleave::app::isolation
