#include "scenarios/scenario_parser.h"

#include <algorithm>

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "harness/text_file.h"
#include "model/workflows/fault_plan.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

namespace {

struct Token {
  std::string text;      // as written, quotes and escapes included
  std::uint32_t column;  // 1-based
};

class LineParser {
 public:
  LineParser(std::string_view line, const std::string& file, std::uint32_t number)
      : line_(line), file_(file), number_(number) {}

  [[noreturn]] void fail(std::uint32_t column, const std::string& problem) const {
    throw ScenarioError(fmt::format("{}:{}:{}: {}", file_, number_, column, problem));
  }

  // Splits the line into words; quoted parts may hold spaces. Checks the
  // quoting here, so alternatives() can unquote without re-checking.
  std::vector<Token> words() {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < line_.size()) {
      if (line_[i] == ' ' || line_[i] == '\t' || line_[i] == '\r') {
        ++i;
        continue;
      }
      if (line_[i] == '#') break;
      const std::size_t start = i;
      while (i < line_.size() && line_[i] != ' ' && line_[i] != '\t' && line_[i] != '\r') {
        if (line_[i++] != '"') continue;
        const std::size_t open = i - 1;
        for (;;) {
          if (i >= line_.size()) fail(static_cast<std::uint32_t>(open + 1), "unterminated string");
          char c = line_[i++];
          if (c == '"') break;
          if (c == '\\') {
            if (i >= line_.size() || (line_[i] != '"' && line_[i] != '\\')) {
              fail(static_cast<std::uint32_t>(i), "only \\\" and \\\\ may be escaped");
            }
            ++i;
          }
        }
      }
      tokens.push_back({std::string(line_.substr(start, i - start)), static_cast<std::uint32_t>(start + 1)});
    }
    return tokens;
  }

  // A value: alternatives separated by '|' outside quotes, quotes removed.
  std::vector<std::string> alternatives(std::string_view raw, std::uint32_t column) const {
    std::vector<std::string> values(1);
    std::vector<bool> quoted(1, false);  // "" is a value, an empty bare word is not
    bool in_quotes = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == '\\' && in_quotes) {
        values.back() += raw[++i];
      } else if (c == '"') {
        in_quotes = !in_quotes;
        quoted.back() = true;
      } else if (c == '|' && !in_quotes) {
        values.emplace_back();
        quoted.push_back(false);
      } else {
        values.back() += c;
      }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i].empty() && !quoted[i]) fail(column, "empty value");
    }
    return values;
  }

  std::string plain(const Token& token) const {
    auto values = alternatives(token.text, token.column);
    if (values.size() != 1) fail(token.column, "alternatives ('|') are only allowed in actor arguments");
    return values.front();
  }

 private:
  std::string_view line_;
  const std::string& file_;
  std::uint32_t number_;
};

constexpr std::size_t kMaxNameLength = 64;

std::string python_service_name(const std::string& name, const std::string& file) {
  namespace fs = std::filesystem;
  fs::path module(name.substr(kPythonServicePrefix.size()));
  if (module.is_relative()) module = fs::absolute(fs::path(file).parent_path() / module);
  return std::string(kPythonServicePrefix) + module.lexically_normal().string();
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// name=value words from `first` on; values may hold alternatives only where
// the schedule chooses between them (actor arguments).
std::vector<Argument> arguments(const LineParser& parser, const std::vector<Token>& words, std::size_t first,
                                bool alternatives_allowed) {
  std::vector<Argument> parsed;
  for (std::size_t i = first; i < words.size(); ++i) {
    const Token& word = words[i];
    std::size_t equals = word.text.find('=');
    if (equals == std::string::npos || equals == 0 || word.text.front() == '"') {
      parser.fail(word.column, fmt::format("expected name=value, got '{}'", word.text));
    }
    Argument argument{word.text.substr(0, equals), {}};
    if (!valid_name(argument.name)) parser.fail(word.column, fmt::format("'{}' is not a valid argument name", argument.name));
    for (const Argument& other : parsed) {
      if (other.name == argument.name) parser.fail(word.column, fmt::format("argument '{}' given twice", argument.name));
    }
    auto column = word.column + static_cast<std::uint32_t>(equals + 1);
    argument.column = word.column;
    argument.value_column = column;
    argument.alternatives = parser.alternatives(std::string_view(word.text).substr(equals + 1), column);
    if (!alternatives_allowed && argument.alternatives.size() != 1) {
      parser.fail(column, "alternatives ('|') are only allowed in actor arguments");
    }
    parsed.push_back(std::move(argument));
  }
  return parsed;
}

// max=N of a faults line: 1 to 8 faults per execution.
std::uint32_t fault_budget(const LineParser& parser, const Token& word) {
  std::string_view digits = std::string_view(word.text).substr(4);
  std::uint32_t value = 0;
  bool ok = !digits.empty() && digits.size() <= 1;
  for (char c : digits) ok = ok && c >= '0' && c <= '9';
  if (ok) value = static_cast<std::uint32_t>(digits.front() - '0');
  if (!ok || value < 1 || value > 8) {
    parser.fail(word.column + 4, fmt::format("max= takes a number from 1 to 8, got '{}'", digits));
  }
  return value;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file) {
  Scenario scenario;
  scenario.file = file;
  std::uint32_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    LineParser parser(line, file, number);
    std::vector<Token> words = parser.words();
    if (words.empty()) continue;
    const Token& directive = words.front();
    auto expect_count = [&](std::size_t minimum, std::size_t maximum, std::string_view usage) {
      if (words.size() < minimum + 1) {
        parser.fail(directive.column + static_cast<std::uint32_t>(directive.text.size()),
                    fmt::format("'{}' needs {}", directive.text, usage));
      }
      if (words.size() > maximum + 1) {
        parser.fail(words[maximum + 1].column, fmt::format("unexpected '{}' after {}", words[maximum + 1].text, usage));
      }
    };
    auto single = [&](std::string& field, std::string_view usage) {
      expect_count(1, 1, usage);
      if (!field.empty()) parser.fail(directive.column, fmt::format("'{}' given twice", directive.text));
      field = parser.plain(words[1]);
    };
    auto checked_name = [&](const Token& token) {
      std::string name = parser.plain(token);
      if (!valid_name(name)) {
        parser.fail(token.column, fmt::format("'{}' is not a valid name (letters, digits, - _ .)", name));
      }
      // Names become folder and file names of a run's output.
      if (name.size() > kMaxNameLength) {
        parser.fail(token.column, fmt::format("a name of {} characters; at most {}", name.size(), kMaxNameLength));
      }
      return name;
    };

    if (directive.text == "scenario") {
      expect_count(1, 1, "a name");
      if (!scenario.name.empty()) parser.fail(directive.column, "'scenario' given twice");
      scenario.name = checked_name(words[1]);
    } else if (directive.text == "title") {
      single(scenario.title, "a title");
    } else if (directive.text == "report") {
      single(scenario.report, "a report id");
    } else if (directive.text == "service") {
      expect_count(1, 8, "one or more service names");
      if (!scenario.services.empty()) parser.fail(directive.column, "'service' given twice");
      for (std::size_t i = 1; i < words.size(); ++i) {
        const std::string name = parser.plain(words[i]);
        if (name == kPythonServicePrefix) {
          parser.fail(words[i].column, "'python:' names no module: write python:PATH, the service's .py file "
                                       "from the scenario file's folder (e.g. python:services/tenant.py)");
        }
        // A Python module, by its path from the scenario file's folder, made
        // absolute so that a trace embedding the scenario replays anywhere.
        scenario.services.push_back(name.starts_with(kPythonServicePrefix) ? python_service_name(name, file)
                                                                           : checked_name(words[i]));
        scenario.service_where.push_back({file, number, words[i].column});
      }
    } else if (directive.text == "property") {
      expect_count(1, 1, "a property name");
      scenario.properties.push_back(checked_name(words[1]));
      scenario.property_where.push_back({file, number, words[1].column});
    } else if (directive.text == "variants") {
      expect_count(1, 16, "one or more variant names");
      if (!scenario.variants.empty()) parser.fail(directive.column, "'variants' given twice");
      for (std::size_t i = 1; i < words.size(); ++i) {
        scenario.variants.push_back(checked_name(words[i]));
        scenario.variant_where.push_back({file, number, words[i].column});
      }
    } else if (directive.text == "expect") {
      expect_count(2, 10, "a variant and 'holds' or 'fails PROPERTY...'");
      Expectation expected{checked_name(words[1]), {file, number, words[1].column}};
      std::string verdict = parser.plain(words[2]);
      if (verdict == "holds") {
        if (words.size() != 3) parser.fail(words[3].column, "'holds' takes no property");
      } else if (verdict == "fails") {
        if (words.size() < 4) parser.fail(words[2].column, "'fails' needs the property expected to fail");
        expected.holds = false;
        expected.property = checked_name(words[3]);
        for (std::size_t i = 4; i < words.size(); ++i) expected.other_properties.push_back(checked_name(words[i]));
      } else {
        parser.fail(words[2].column, fmt::format("expected 'holds' or 'fails', got '{}'", verdict));
      }
      if (scenario.expectation(expected.variant)) {
        parser.fail(words[1].column, fmt::format("variant '{}' already has an expectation", expected.variant));
      }
      scenario.expectations.push_back(std::move(expected));
    } else if (directive.text == "actor") {
      expect_count(2, 64, "a name and an operation");
      ActorSpec actor{checked_name(words[1]), checked_name(words[2]), {}, {file, number, directive.column}};
      for (const ActorSpec& other : scenario.actors) {
        if (other.name == actor.name) parser.fail(words[1].column, fmt::format("actor '{}' declared twice", actor.name));
      }
      actor.operation_column = words[2].column;
      actor.arguments = arguments(parser, words, 3, /*alternatives_allowed=*/true);
      // variant=V is not the operation's: it picks the code the actor runs.
      auto variant = std::find_if(actor.arguments.begin(), actor.arguments.end(),
                                  [](const Argument& argument) { return argument.name == "variant"; });
      if (variant != actor.arguments.end()) {
        if (variant->alternatives.size() != 1) {
          parser.fail(variant->value_column, "variant= takes one variant, not alternatives");
        }
        actor.variant = variant->alternatives.front();
        actor.variant_column = variant->value_column;
        actor.arguments.erase(variant);
      }
      scenario.actors.push_back(std::move(actor));
    } else if (directive.text == "given") {
      expect_count(1, 64, "a fixture name");
      GivenSpec given{checked_name(words[1]), arguments(parser, words, 2, /*alternatives_allowed=*/false),
                      {file, number, directive.column}, words[1].column};
      scenario.givens.push_back(std::move(given));
    } else if (directive.text == "faults") {
      expect_count(1, model::workflows::kFaultKinds + 1, "one or more fault kinds and an optional max=N");
      if (!scenario.faults.kinds.empty()) parser.fail(directive.column, "'faults' given twice");
      for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i].text.rfind("max=", 0) == 0) {
          scenario.faults.max = fault_budget(parser, words[i]);
          continue;
        }
        scenario.faults.kinds.push_back(checked_name(words[i]));
        scenario.faults.kind_where.push_back({file, number, words[i].column});
      }
      if (scenario.faults.kinds.empty()) parser.fail(directive.column, "'faults' needs at least one fault kind");
    } else {
      parser.fail(directive.column,
                  fmt::format("unknown directive '{}' (expected scenario, title, report, service, property, "
                              "variants, expect, faults, given or actor)",
                              directive.text));
    }
  }
  auto missing = [&](bool absent, std::string_view what) {
    if (absent) throw ScenarioError(fmt::format("{}: missing '{}'", file, what));
  };
  missing(scenario.name.empty(), "scenario");
  missing(scenario.services.empty(), "service");
  missing(scenario.properties.empty(), "property");
  missing(scenario.variants.empty(), "variants");
  missing(scenario.actors.empty(), "actor");
  return scenario;
}

Scenario load_scenario_file(const std::string& path) {
  std::optional<std::string> text = read_text_file(path);
  if (!text) throw ScenarioError(fmt::format("{}: cannot open the file", path));
  return parse_scenario(*text, path);
}

}  // namespace interleave::scenarios
