#include "reports/failure_cause.h"

#include <string>
#include <string_view>

#include "reports/causality.h"

namespace interleave::reports {
namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool failed(const Event& event) { return event.result.starts_with("error"); }
bool is_write(const Event& event) { return event.op == "db.insert" || event.op == "db.update" || event.op == "db.delete"; }

// "start_workflow TenantProvisioningWorkflow id=tenant-provision-acme" -> "tenant-provision-acme".
std::string workflow_id(std::string_view text) {
  const std::size_t at = text.find("id=");
  if (at == std::string_view::npos) return "";
  const std::size_t end = text.find(' ', at);
  return std::string(text.substr(at + 3, end == std::string_view::npos ? std::string_view::npos : end - at - 3));
}

std::optional<std::size_t> effect_of(const TraceRecord& trace, std::size_t marked) {
  const std::string& actor = trace.events[marked].actor_name;
  std::optional<std::size_t> last_statement;
  for (std::size_t i = marked + 1; i-- > 0;) {
    const Event& event = trace.events[i];
    if (event.actor_name != actor) continue;
    if (failed(event) && (event.op.starts_with("db.") || event.op == "workflow.start")) return i;
    if (!last_statement && event.op.starts_with("db.") && event.op != "db.commit" && event.op != "db.rollback") {
      last_statement = i;
    }
  }
  return last_statement;
}

bool meets(const Event& effect, const Event& candidate) {
  if (effect.op == "workflow.start") {
    return candidate.op == "workflow.start" && !failed(candidate) && workflow_id(candidate.text) == workflow_id(effect.text);
  }
  if (effect.result.starts_with("error 42P01") || effect.result.starts_with("error 3F000")) {
    return candidate.text.starts_with("DROP SCHEMA") || candidate.text.starts_with("DROP TABLE");
  }
  const std::optional<std::string> table = statement_table(effect.text);
  return table && is_write(candidate) && statement_table(candidate.text) == table;
}

// The commit that made `write` visible before `before`, if its actor committed it by then.
std::size_t visible_from(const TraceRecord& trace, std::size_t write, std::size_t before) {
  const std::string& actor = trace.events[write].actor_name;
  for (std::size_t i = write + 1; i < before; ++i) {
    const Event& event = trace.events[i];
    if (event.actor_name != actor) continue;
    if (event.op == "db.commit" && !failed(event)) return i;
    if (event.op == "db.rollback") return write;
  }
  return write;
}

}  // namespace

std::optional<FailureCause> failure_cause(const TraceRecord& trace, std::size_t marked) {
  const std::optional<std::size_t> effect = effect_of(trace, marked);
  if (!effect) return std::nullopt;
  const Event& met = trace.events[*effect];
  for (std::size_t i = *effect; i-- > 0;) {
    const Event& candidate = trace.events[i];
    if (candidate.actor_name == met.actor_name || candidate.actor_name == "setup") continue;
    if (contains(candidate.result, "blocked")) continue;
    if (meets(met, candidate)) return FailureCause{visible_from(trace, i, *effect), *effect};
  }
  return std::nullopt;
}

}  // namespace interleave::reports
