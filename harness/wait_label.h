#pragma once
// What a parked actor waits for, in words ("row lock on tenants id 3"). Only
// a deadlock report or a timeout's message reads it, so a label built from
// parts is written when read, not at every park: a wait then costs no text.
//
// A label refers to its text or its writer without owning them; both live
// in the waiting actor's frame, which stays put while it is parked. Read a
// label only while its actor is parked in the call that was given it.

#include <string>
#include <string_view>

namespace interleave {

class WaitLabel {
 public:
  // Implicit, so that a label in plain text is written as text.
  WaitLabel(std::string_view text) : text_(text) {}
  WaitLabel(const char* text) : text_(text) {}
  WaitLabel() = default;

  // A label `write()` returns when read; `write` must outlive the park.
  template <typename Write>
  static WaitLabel written_by(const Write& write) {
    WaitLabel label;
    label.writer_ = &write;
    label.write_ = [](const void* writer) -> std::string { return (*static_cast<const Write*>(writer))(); };
    return label;
  }

  std::string text() const { return write_ ? write_(writer_) : std::string(text_); }

 private:
  std::string_view text_;
  const void* writer_ = nullptr;
  std::string (*write_)(const void*) = nullptr;
};

}  // namespace interleave
