#pragma once
// What scenario files may name: the services, each with its variants and the
// operations its actors call, and the fixtures `given` lines set up. Each
// service's definitions live in services/<service>.cc; this is their index.

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/world.h"
#include "scenarios/scenario.h"

namespace interleave::scenarios {

using Arguments = std::map<std::string, std::string, std::less<>>;

// The values an argument accepts, so that validate() rejects a bad one with
// its place in the file before any run instead of a crash mid-exploration.
struct ValueRule {
  std::string_view argument;
  std::vector<std::string_view> choices;  // empty: a whole number of at least `minimum`
  std::int64_t minimum = 0;
};

struct OperationDef {
  std::string_view name;
  std::string_view service;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
  // Runs as the calling actor. Exceptions the caller would see become a
  // CallOutcome in the ledger; only ExecutionCancelled passes through. A
  // function object: a Python operation carries its module's service.
  std::function<void(model::World& world, std::string_view variant, const Arguments& arguments)> run;
  std::vector<ValueRule> values = {};
};

// A `given` line: committed state built before the actors start, by the
// setup actor, with the same statements a service would send.
struct FixtureDef {
  std::string_view name;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
  void (*run)(model::World& world, const Arguments& arguments);
  std::vector<ValueRule> values = {};
};

struct ServiceDef {
  std::string_view name;
  std::vector<std::string_view> variants;
  std::vector<OperationDef> operations;
  std::vector<FixtureDef> fixtures;  // those only this service's scenarios need
};

// The C++ services. A service named `python:/abs/path.py` (the parser makes
// a scenario's relative path absolute) is a Python module, imported by
// find_service() on first use (scenarios/python/); it throws ScenarioError
// when that module does not load.
inline constexpr std::string_view kPythonServicePrefix = "python:";
// Whether a scenario calls a Python service. CPython runs on the thread that
// started it, so such a scenario explores on that one thread (-j or not).
inline bool runs_python(const Scenario& scenario) {
  for (const std::string& service : scenario.services) {
    if (service.starts_with(kPythonServicePrefix)) return true;
  }
  return false;
}
std::span<const ServiceDef> services();
const ServiceDef* find_service(std::string_view name);
std::span<const OperationDef> operations();
const OperationDef* find_operation(std::string_view name);
// The operation `name` of one of `services` (a scenario's): operations of
// different Python modules, or of a module and the C++ catalogue, may share
// a name.
const OperationDef* find_operation(std::string_view name, const std::vector<std::string>& services);
std::span<const FixtureDef> fixtures();
const FixtureDef* find_fixture(std::string_view name);

// Variants the service implements; empty for an unknown service.
std::vector<std::string_view> service_variants(std::string_view service);

// The variant of `service` a scenario's `variant` runs: the same name, except
// that `hardened` runs `fixed` of a service that needs no hardening (its fix
// already holds), so a mixed scenario can ask for every service at its
// strongest. Empty when the service has neither.
std::string_view resolve_variant(std::string_view service, std::string_view variant);

}  // namespace interleave::scenarios
