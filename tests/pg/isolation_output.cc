#include "tests/pg/isolation_output.h"

#include <regex>

namespace interleave {

namespace {

std::string trimmed(const std::string& text) {
  const std::size_t start = text.find_first_not_of(' ');
  if (start == std::string::npos) return "";
  return text.substr(start, text.find_last_not_of(' ') - start + 1);
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool is_notice(const std::string& line, const std::vector<std::string>& sessions) {
  for (const std::string& session : sessions) {
    if (starts_with(line, session + ": ")) return true;
  }
  return false;
}

const std::regex kRowCount(R"(^\((\d+) rows?\)$)");
const std::regex kSeparator(R"(^-[-+]*$)");

}  // namespace

std::optional<std::string> StepOutput::error() const {
  for (const std::string& line : lines) {
    if (starts_with(line, "ERROR:  ")) return line.substr(8);
  }
  return std::nullopt;
}

std::optional<std::size_t> StepOutput::row_count() const {
  std::optional<std::size_t> count;
  std::smatch match;
  for (const std::string& line : lines) {
    if (std::regex_match(line, match, kRowCount)) count = std::stoul(match[1]);
  }
  return count;
}

std::vector<std::string> StepOutput::rows() const {
  std::vector<std::string> rows;
  bool in_table = false;
  for (const std::string& line : lines) {
    if (std::regex_match(line, kSeparator)) {
      rows.clear();
      in_table = true;
    } else if (std::regex_match(line, kRowCount)) {
      in_table = false;
    } else if (in_table) {
      rows.push_back(trimmed(line));
    }
  }
  return rows;
}

std::map<std::string, StepOutput> parse_isolation_output(std::string_view output,
                                                         const std::vector<std::string>& sessions) {
  std::map<std::string, StepOutput> steps;
  StepOutput* current = nullptr;  // the step whose results are being printed
  std::size_t at = 0;
  while (at < output.size()) {
    std::size_t end = output.find('\n', at);
    if (end == std::string_view::npos) end = output.size();
    const std::string line(output.substr(at, end - at));
    at = end + 1;
    if (starts_with(line, "step ") && line.find(": ") != std::string::npos) {
      const std::size_t colon = line.find(": ");
      StepOutput& step = steps[line.substr(5, colon - 5)];
      const std::string rest = line.substr(colon + 2);
      if (rest == "<... completed>") {
        step.completed = true;
        current = &step;
      } else if (rest.size() >= 14 && rest.compare(rest.size() - 14, 14, " <waiting ...>") == 0) {
        step.waited = true;
        current = nullptr;
      } else {
        step.completed = true;
        current = &step;
      }
    } else if (starts_with(line, "starting permutation:") || is_notice(line, sessions)) {
      continue;
    } else if (current != nullptr && !line.empty()) {
      current->lines.push_back(line);
    }
  }
  return steps;
}

}  // namespace interleave
