#include "cli/version.h"

namespace interleave::cli {

// One literal, joined by the compiler: GCC 12 sees a false array-bounds
// overflow in a chain of std::string additions at -O2.
std::string version_text() { return "interleave " INTERLEAVE_VERSION " (commit " INTERLEAVE_GIT_COMMIT ")"; }

}  // namespace interleave::cli
