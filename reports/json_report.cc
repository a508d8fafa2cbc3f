#include "reports/json_report.h"

#include "reports/failure_words.h"
#include "reports/reproduce.h"
#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {
namespace {

std::string status_name(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::violation:
      return "violation";
    case VerdictStatus::holds:
      return "holds";
    case VerdictStatus::deadlock:
      return "deadlock";
    case VerdictStatus::budget_exceeded:
      return "budget-exceeded";
    case VerdictStatus::crash:
      return "crash";
    case VerdictStatus::divergence:
      return "divergence";
  }
  return "holds";
}

nlohmann::ordered_json verdict_json(const Verdict& verdict) {
  nlohmann::ordered_json json;
  json["status"] = status_name(verdict.status);
  json["property"] = verdict.status == VerdictStatus::holds ? nlohmann::ordered_json() : nlohmann::ordered_json(failed_property(verdict));
  json["message"] = verdict.message;
  json["step"] = verdict.step ? nlohmann::ordered_json(*verdict.step) : nlohmann::ordered_json();
  return json;
}

}  // namespace

nlohmann::ordered_json json_report(const nlohmann::json& trace_json, std::string_view trace_path) {
  const TraceRecord trace = read_trace(trace_json);
  const std::optional<TimelineMark> mark = verdict_mark(trace);
  nlohmann::ordered_json report;
  report["format"] = "interleave-report";
  report["version"] = 1;
  report["scenario"] = trace.scenario;
  report["variant"] = trace.variant;
  report["report"] = trace.report;
  report["title"] = trace.title;
  report["verdict"] = verdict_json(trace.verdict);
  report["marked_event"] = mark ? nlohmann::ordered_json(mark->event_index) : nlohmann::ordered_json();
  nlohmann::ordered_json timeline = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& event = trace.events[i];
    timeline.push_back({{"label", timeline_label(i)},
                        {"step", event.step},
                        {"actor", event.actor_name},
                        {"text", event.text},
                        {"result", event.result},
                        {"marked", mark && mark->event_index == i}});
  }
  report["timeline"] = std::move(timeline);
  report["reproduce"] = {{"model", replay_command(trace_path)}, {"postgres", postgres_replay_command(trace_path)}};
  report["trace"] = nlohmann::ordered_json(trace_json);
  return report;
}

std::string render_json(const nlohmann::json& trace, std::string_view trace_path) {
  return json_report(trace, trace_path).dump(2) + "\n";
}

}  // namespace interleave::reports
