#pragma once
// Whole-file reads and writes for traces, scenarios and reports. Callers turn
// a failure into their own error, naming the file.

#include <optional>
#include <string>
#include <string_view>

namespace interleave {

// The file's bytes, or nullopt when it cannot be opened or read.
std::optional<std::string> read_text_file(const std::string& path);
// Replaces the file's content; false when it cannot be written.
bool write_text_file(const std::string& path, std::string_view text);

}  // namespace interleave
