#pragma once
// Follows a generated vector of numbers: decision i picks runnable[v[i] mod
// n] (or draws v[i] mod options); once the vector runs out, the lowest actor
// id runs and draws are 0. Any vector is a valid schedule, so a property-test
// library can generate and shrink schedules as plain data: shrinking toward
// shorter vectors of zeros means fewer preemptions.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/strategy.h"

namespace interleave {

class VectorStrategy final : public Strategy {
 public:
  explicit VectorStrategy(std::vector<std::uint32_t> values) : values_(std::move(values)) {}

  bool begin_schedule(std::uint64_t) override {
    position_ = 0;
    return true;
  }
  Decision decide(const DecisionRequest& request) override {
    if (request.kind == DecisionRequest::Kind::kDraw) return Decision::pick(next() % request.options);
    return Decision::pick(request.runnable[next() % request.runnable.size()]);
  }
  std::string name() const override { return "vector"; }

 private:
  std::uint32_t next() { return position_ < values_.size() ? values_[position_++] : 0; }

  std::vector<std::uint32_t> values_;
  std::size_t position_ = 0;
};

}  // namespace interleave
