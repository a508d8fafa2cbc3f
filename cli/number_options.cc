#include "cli/number_options.h"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace interleave::cli {

CLI::Validator whole_number(std::uint64_t minimum, std::uint64_t maximum) {
  return CLI::Validator(
      [minimum, maximum](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        auto [stop, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error == std::errc::invalid_argument || stop != end) {
          return fmt::format("'{}' is not a whole number from {} to {}", text, minimum, maximum);
        }
        if (error == std::errc::result_out_of_range || value < minimum || value > maximum) {
          return fmt::format("{} is out of range: a whole number from {} to {}", text, minimum, maximum);
        }
        return {};
      },
      fmt::format("UINT:[{}-{}]", minimum, maximum));
}

}  // namespace interleave::cli
