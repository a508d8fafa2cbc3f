// The text of an isolation spec: what build_isolation_spec() decided, laid
// out for isolationtester's scanner and for a reader.

#include <iterator>

#include <fmt/format.h>

#include "reports/failure_words.h"
#include "reports/isolation_spec.h"
#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {

namespace {

using Out = std::back_insert_iterator<std::string>;

// A comment ends at the line's end; the trace's texts may hold line breaks.
std::string comment_text(std::string_view text) {
  std::string line;
  for (const char c : text) line += (c == '\n' || c == '\r') ? ' ' : c;
  return line;
}

void header(Out out, const TraceRecord& trace, std::string_view trace_path) {
  fmt::format_to(out, "# PostgreSQL isolation spec of an interleave trace: {}\n", comment_text(trace_path));
  fmt::format_to(out, "#   scenario: {} (report {}: {})\n", comment_text(trace.scenario), comment_text(trace.report),
                 comment_text(trace.title));
  fmt::format_to(out, "#   variant:  {}\n", comment_text(trace.variant));
  if (trace.verdict.status == VerdictStatus::holds) {
    fmt::format_to(out, "#   verdict:  holds\n");
  } else {
    fmt::format_to(out, "#   verdict:  the schedule {} {}: {}\n", failure_words(trace.verdict.status).verb,
                   comment_text(failed_property(trace.verdict)), comment_text(trace.verdict.message));
  }
  fmt::format_to(out,
                 "#\n"
                 "# Run it in an empty, throwaway database (the setup creates the app's tables):\n"
                 "#   isolationtester \"dbname=scratch\" < FILE.spec\n"
                 "# isolationtester is $(pg_config --pkglibdir)/pgxs/src/test/isolation/isolationtester\n"
                 "# (Debian: postgresql-client-NN). `interleave export -o FILE.spec` also writes\n"
                 "# FILE.out, what isolationtester prints for it on the model; with the spec in\n"
                 "# DIR/specs/ and FILE.out in DIR/expected/, pg_isolation_regress (beside\n"
                 "# isolationtester) checks a server against it:\n"
                 "#   pg_isolation_regress --inputdir=DIR --outputdir=OUT FILE\n"
                 "#\n"
                 "# One session per actor that used the database, one step per statement it\n"
                 "# ran, started in the trace's order; the comments give each step's result in\n"
                 "# the trace, which the output should show (a step the trace shows blocked\n"
                 "# shows <waiting ...>). The SQL is the db port's: a step that opens a\n"
                 "# transaction begins with BEGIN, SELECT orders by id, INSERT returns the\n"
                 "# id (UPDATE and DELETE do too, to show their row count). Steps that\n"
                 "# \"close the connection\" undo what a service left open when it let its\n"
                 "# connection go, which the trace records no statement for; steps \"after\n"
                 "# the trace\" end what it leaves open.\n");
}

void block(Out out, std::string_view keyword, const std::string& sql) {
  fmt::format_to(out, "\n{}\n{{\n", keyword);
  std::size_t line = 0;
  while (line < sql.size()) {
    const std::size_t end = sql.find('\n', line);
    fmt::format_to(out, "  {}\n", sql.substr(line, end - line));
    line = end == std::string::npos ? sql.size() : end + 1;
  }
  fmt::format_to(out, "}}\n");
}

std::string step_comment(const SpecStep& step, const TraceRecord& trace) {
  switch (step.role) {
    case StepRole::kClose: return "closes the connection";
    case StepRole::kEnd: return "after the trace";
    case StepRole::kStatement: break;
  }
  std::string comment = timeline_label(*step.event) + ": ";
  if (step.blocked) comment += comment_text(trace.events[*step.event].result) + ", then ";
  if (!step.result_event) return comment + "still waiting when the trace ends";
  if (step.blocked) comment += timeline_label(*step.result_event) + ": ";
  return comment + comment_text(step.result);
}

void sessions(Out out, const IsolationSpec& spec, const TraceRecord& trace) {
  for (const SpecSession& session : spec.sessions) {
    fmt::format_to(out, "\nsession \"{}\"  # {}\n", session.name, comment_text(session.actor));
    for (const SpecStep& step : spec.steps) {
      if (step.session != session.name) continue;
      fmt::format_to(out, "step \"{}\" {{ {} }}  # {}\n", step.name, step.sql, step_comment(step, trace));
    }
  }
}

void permutation(Out out, const IsolationSpec& spec) {
  fmt::format_to(out, "\npermutation\n");
  for (const SpecStep& step : spec.steps) {
    for (const std::string& note : step.notes) fmt::format_to(out, "  # {}\n", comment_text(note));
    fmt::format_to(out, "  \"{}\"\n", step.name);
  }
  for (const std::string& note : spec.trailing_notes) fmt::format_to(out, "  # {}\n", comment_text(note));
}

}  // namespace

std::string render_isolation_spec(const nlohmann::json& trace_json, std::string_view trace_path,
                                  const SpecSchema& schema) {
  const TraceRecord trace = read_trace(trace_json);
  const IsolationSpec spec = build_isolation_spec(trace_json, schema);
  std::string text;
  Out out(text);
  header(out, trace, trace_path);
  for (const std::string& setup : spec.setup) block(out, "setup", setup);
  if (!spec.teardown.empty()) block(out, "teardown", spec.teardown);
  sessions(out, spec, trace);
  if (!spec.steps.empty()) permutation(out, spec);
  return text;
}

}  // namespace interleave::reports
