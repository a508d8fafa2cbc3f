#pragma once
// The operations scenario actors can call: each is a service entry point of
// impl/, run in the scenario's variant, with its outcome written to the
// world's ledger as the caller saw it.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/world.h"

namespace interleave::scenarios {

using Arguments = std::map<std::string, std::string, std::less<>>;

struct OperationDef {
  std::string_view name;
  std::string_view service;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
  // Runs as the calling actor. Exceptions the caller would see become a
  // CallOutcome; only ExecutionCancelled passes through.
  void (*run)(model::World& world, std::string_view variant, const Arguments& arguments);
};

std::span<const OperationDef> operations();
const OperationDef* find_operation(std::string_view name);

// Variants the service implements; empty for an unknown service.
std::vector<std::string_view> service_variants(std::string_view service);

}  // namespace interleave::scenarios
