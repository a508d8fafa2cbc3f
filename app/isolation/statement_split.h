#pragma once
// A step's sql cut into statements as the server runs a simple query: one
// after the other, each with its own result. A ';' ends a statement unless
// it is inside a quoted string ('...', E'...' with backslash escapes),
// a quoted identifier ("..."), a dollar-quoted string ($tag$...$tag$) or
// a comment (-- to the end of the line, nested /* */); statements holding
// only spaces and comments are dropped, as the server skips them.

#include <string>
#include <string_view>
#include <vector>

namespace interleave::app::isolation {

std::vector<std::string> split_statements(std::string_view sql);

}  // namespace interleave::app::isolation
