#pragma once
// SQL text of a statement for traces and reports. Display only: statements
// sent to a server bind their values (impl/pg/).

#include <string>
#include <string_view>

#include "model/db/table.h"

namespace interleave::model::db {

std::string select_text(std::string_view table, const Conditions& where);
std::string insert_text(std::string_view table, const Assignments& values);
std::string update_text(std::string_view table, const Assignments& set, const Conditions& where);

}  // namespace interleave::model::db
