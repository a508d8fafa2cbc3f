#pragma once
// A step's sql cut into statements as the server runs a simple query: one
// after the other, each with its own result. Quotes, dollar quotes and
// comments are respected (PostgreSQL's own scanner, through libpg_query);
// empty statements are dropped.

#include <string>
#include <string_view>
#include <vector>

namespace interleave::app::isolation {

std::vector<std::string> split_statements(std::string_view sql);

}  // namespace interleave::app::isolation
