#include "cli/version.h"

namespace interleave::cli {

std::string version_text() {
  return std::string("interleave ") + INTERLEAVE_VERSION + " (commit " + INTERLEAVE_GIT_COMMIT + ")";
}

}  // namespace interleave::cli
