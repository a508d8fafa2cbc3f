#pragma once
// Text made safe for HTML and XML alike, as element content and inside a
// single- or double-quoted attribute: & < > " ' become references, and the
// control characters XML 1.0 forbids (all below 0x20 but tab, newline and
// carriage return) become '?'. The HTML pages and the JUnit XML share it.

#include <string>
#include <string_view>

namespace interleave::reports {

std::string escape_markup(std::string_view text);

}  // namespace interleave::reports
