#pragma once
// A property of the backend (DESIGN.md §6): the oracle a scenario names.

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "harness/program.h"

namespace interleave::model {

struct World;

class Property {
 public:
  virtual ~Property() = default;
  virtual std::string_view name() const = 0;
  // Once, right after the world is built and before any actor runs: turns
  // on the observations the property reads (most need none).
  virtual void prepare(World&) const {}
  // After every step. Must not block, yield or allocate much: it runs
  // hundreds of thousands of times per second.
  virtual std::optional<Violation> check_step(const World& world) const = 0;
  // Once every actor is done.
  virtual std::optional<Violation> check_quiescent(const World& world) const = 0;
};

// nullptr for a name no property has.
std::unique_ptr<Property> make_property(std::string_view name);
// Every property name, for `interleave list` and error messages.
std::vector<std::string_view> property_names();

}  // namespace interleave::model
