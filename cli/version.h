#pragma once
// What `interleave --version` prints: "interleave 0.1.0 (commit 0ee67ad)",
// the commit as `git describe --always --dirty` saw it when CMake configured
// the build ("unknown" outside a git checkout).

#include <string>

namespace interleave::cli {

std::string version_text();

}  // namespace interleave::cli
