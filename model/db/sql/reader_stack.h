// The SQL reader's own stack: reading a text runs on a stack sized for it.
//
// Reading recurses once per level of the statement's tree, twice over:
// libpg_query writes the parse tree out by recursion, with no depth check in
// this build (its stack_is_too_deep() always answers false), and the mapping
// to model statements walks it the same way. A tree can be as deep as its
// text is long: "1+1+1..." adds a level every two bytes, at about 130 bytes
// of the parser's stack each. An actor's fiber stack (harness/fiber_runtime.h)
// is 256 KiB. So a read runs on a stack sized for its text and ended by a
// guard page, and no text can overflow a stack.

#pragma once

#include <cstddef>
#include <functional>

namespace interleave::model::db::sql {

// Runs `read` on a stack large enough for reading a text of `text_bytes`, and
// throws here what it threw there. Throws SqlError 0A000 when no stack that
// large can be had (a text of hundreds of megabytes).
void run_on_reader_stack(std::size_t text_bytes, const std::function<void()>& read);

}  // namespace interleave::model::db::sql
