#include "tests/pg/isolationtester.h"

#include <glob.h>

#include <cstdio>
#include <filesystem>

namespace interleave {

std::optional<std::string> isolationtester() {
  if (FILE* pipe = popen("pg_config --pkglibdir 2>/dev/null", "r")) {
    char buffer[4096] = {};
    const bool read = fgets(buffer, sizeof buffer, pipe) != nullptr;
    pclose(pipe);
    std::string path = read ? std::string(buffer) : "";
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    path += "/pgxs/src/test/isolation/isolationtester";
    if (read && std::filesystem::exists(path)) return path;
  }
  glob_t found{};
  std::optional<std::string> last;
  if (glob("/usr/lib/postgresql/*/lib/pgxs/src/test/isolation/isolationtester", 0, nullptr, &found) == 0) {
    last = found.gl_pathv[found.gl_pathc - 1];
  }
  globfree(&found);
  return last;
}

std::string shell_quoted(const std::string& word) {
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace interleave
