#pragma once
// The tokens of an isolation spec, as PostgreSQL 15's specscanner.l cuts
// them: keywords (notices permutation session setup step teardown), names
// (plain identifiers, or "quoted" with "" for a quote), { sql } blocks, integers
// and the punctuation , ( ) *. '#' starts a comment to the end of the line.
// A sql block ends at the first '}', whatever quotes it holds, exactly as
// isolationtester reads it.

#include <memory>
#include <string>
#include <string_view>

#include "app/isolation/spec.h"

namespace interleave::app::isolation {

enum class TokenKind {
  kNotices,
  kPermutation,
  kSession,
  kSetup,
  kStep,
  kTeardown,
  kName,
  kSqlBlock,
  kInteger,
  kComma,
  kOpen,
  kClose,
  kStar,
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // a name unquoted, a block's sql, an integer's digits
  SourcePosition at;
};

// Cuts tokens one at a time, so that the parser reports the first problem
// in the text, whether a token or the grammar finds it (as flex and bison
// do together). next() throws SpecError on an unexpected character, an
// unterminated block or quoted name, or a newline inside a quoted name;
// after the last token it gives kEnd tokens.
class SpecLexer {
 public:
  explicit SpecLexer(std::string_view text);
  ~SpecLexer();
  SpecLexer(const SpecLexer&) = delete;
  SpecLexer& operator=(const SpecLexer&) = delete;
  Token next();

  class Cursor;  // the position in the text (spec_tokens.cc)

 private:
  std::unique_ptr<Cursor> in_;
};

// How an error message names a token: "'session'", "name s1", "end of file".
std::string describe(const Token& token);

}  // namespace interleave::app::isolation
