#pragma once
// A spec that isolationtester would refuse: where and why, with what would
// be valid. Printed as `file:line:column: message`.

#include <stdexcept>
#include <string>

#include "app/isolation/spec.h"

namespace interleave::app::isolation {

class SpecError : public std::runtime_error {
 public:
  SpecError(SourcePosition at, const std::string& message) : std::runtime_error(message), at_(at) {}
  SourcePosition at() const { return at_; }
  // "file:line:column: message"
  std::string located(const std::string& file) const {
    return file + ":" + std::to_string(at_.line) + ":" + std::to_string(at_.column) + ": " + what();
  }

 private:
  SourcePosition at_;
};

}  // namespace interleave::app::isolation
