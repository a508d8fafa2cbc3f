// The JSON report: the verdict, the marked timeline and the reproduce
// command beside the whole trace, in the same bytes every time.

#include "reports/json_report.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/reports/sample_traces.h"

namespace interleave::reports {
namespace {

TEST(JsonReport, CarriesTheVerdictTheMarkedTimelineAndTheTrace) {
  const nlohmann::json trace = sample::violation_trace();
  const nlohmann::ordered_json report = json_report(trace, "runs/000/trace.json");
  EXPECT_EQ(report["format"], "interleave-report");
  EXPECT_EQ(report["version"], 1);
  EXPECT_EQ(report["verdict"]["status"], "violation");
  EXPECT_EQ(report["verdict"]["property"], "unique-slugs");
  EXPECT_EQ(report["verdict"]["step"], 9);
  ASSERT_EQ(report["timeline"].size(), trace["events"].size());
  // Two events share step 9: the later one carries the mark, as in Markdown.
  EXPECT_EQ(report["marked_event"], 5);
  EXPECT_EQ(report["timeline"][5]["label"], "T0+5");
  EXPECT_TRUE(report["timeline"][5]["marked"].get<bool>());
  EXPECT_FALSE(report["timeline"][4]["marked"].get<bool>());
  EXPECT_EQ(report["timeline"][0]["actor"], "api-1");
  EXPECT_EQ(report["reproduce"]["model"], "interleave replay runs/000/trace.json");
  EXPECT_EQ(nlohmann::json(report["trace"]), trace);
}

TEST(JsonReport, AHoldingTraceHasNoMarkAndNoProperty) {
  const nlohmann::ordered_json report = json_report(sample::holds_trace(), "t.json");
  EXPECT_EQ(report["verdict"]["status"], "holds");
  EXPECT_TRUE(report["verdict"]["property"].is_null());
  EXPECT_TRUE(report["marked_event"].is_null());
}

TEST(JsonReport, QuotesAPathForTheShell) {
  EXPECT_EQ(json_report(sample::violation_trace(), "my runs/it's.json")["reproduce"]["model"],
            "interleave replay 'my runs/it'\\''s.json'");
}

TEST(JsonReport, ABadTraceNamesTheField) {
  nlohmann::json trace = sample::violation_trace();
  trace["verdict"].erase("step");
  EXPECT_THROW(json_report(trace, "t.json"), std::invalid_argument);
}

TEST(JsonReport, TheSameTraceGivesTheSameBytes) {
  EXPECT_EQ(render_json(sample::violation_trace(), "t.json"), render_json(sample::violation_trace(), "t.json"));
}

}  // namespace
}  // namespace interleave::reports
