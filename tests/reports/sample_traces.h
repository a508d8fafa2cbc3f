#pragma once
// Traces the report tests render: written out by hand so that each test
// states the exact events it checks against.

#include <nlohmann/json.hpp>

namespace interleave::reports::sample {

using nlohmann::json;

// Report 000's race: both requests see no tenant, the first starts the
// workflow, the second's start collides. Two events share step 9, so the
// marker must pick the later one.
inline json violation_trace() {
  return json::parse(R"json({
    "format": "interleave-trace", "version": 1,
    "scenario": "tenant-slug-race", "report": "000",
    "title": "Tenant slug TOCTOU in tenant provisioning",
    "variant": "seed", "strategy": "random", "seed": 1, "schedule": 17,
    "limits": {"max_steps": 5000},
    "actors": [
      {"id": 0, "name": "api-1", "kind": "request", "operation": "create_tenant name=\"Acme\" slug=\"acme\""},
      {"id": 1, "name": "api-2", "kind": "request", "operation": "create_tenant name=\"Acme 2\" slug=\"acme\""},
      {"id": 3, "name": "wf tenant-provision-acme", "kind": "workflow", "parent": 0}
    ],
    "choices": ["a0", "a1", "d1/2"],
    "events": [
      {"step": 0, "time_ms": 0, "actor": 0, "op": "db.select", "text": "SELECT id FROM tenants WHERE slug = 'acme'", "result": "0 rows"},
      {"step": 1, "time_ms": 0, "actor": 1, "op": "db.select", "text": "SELECT id FROM tenants WHERE slug = 'acme'", "result": "0 rows"},
      {"step": 3, "time_ms": 0, "actor": 0, "op": "wf.start", "text": "start_workflow tenant-provision-acme", "result": "started"},
      {"step": 5, "time_ms": 0, "actor": 3, "op": "db.insert", "text": "INSERT INTO tenants (slug) VALUES ('acme')", "result": "blocked"},
      {"step": 9, "time_ms": 0, "actor": 1, "op": "wf.start", "text": "start_workflow tenant-provision-acme", "result": ""},
      {"step": 9, "time_ms": 0, "actor": 1, "op": "call.return", "text": "create_tenant returned", "result": "error: workflow already started"}
    ],
    "verdict": {"status": "violation", "property": "unique-slugs",
                "message": "api-2: create_tenant ended in an unhandled error: workflow already started",
                "step": 9}
  })json");
}

inline json holds_trace() {
  json trace = violation_trace();
  trace["variant"] = "fixed";
  trace["verdict"] = {{"status", "holds"}, {"property", "unique-slugs"}, {"schedules", 10000}};
  return trace;
}

}  // namespace interleave::reports::sample
