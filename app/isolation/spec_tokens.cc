#include "app/isolation/spec_tokens.h"

#include <array>
#include <utility>

#include "app/isolation/spec_error.h"

namespace interleave::app::isolation {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_high(char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; }
bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || is_high(c); }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '$'; }

constexpr std::array<std::pair<std::string_view, TokenKind>, 6> kKeywords{{
    {"notices", TokenKind::kNotices},
    {"permutation", TokenKind::kPermutation},
    {"session", TokenKind::kSession},
    {"setup", TokenKind::kSetup},
    {"step", TokenKind::kStep},
    {"teardown", TokenKind::kTeardown},
}};

}  // namespace

// Walks the text keeping line and column (columns count characters: UTF-8
// continuation bytes do not move it).
class SpecLexer::Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return at_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0'; }
  bool has(std::size_t ahead) const { return at_ + ahead < text_.size(); }
  SourcePosition position() const { return position_; }
  char take() {
    const char c = text_[at_++];
    if (c == '\n') {
      ++position_.line;
      position_.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++position_.column;
    }
    return c;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  SourcePosition position_;
};

namespace {

using Cursor = SpecLexer::Cursor;

std::string printable(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
    constexpr char kHex[] = "0123456789abcdef";
    return std::string("\\x") + kHex[(c >> 4) & 0xf] + kHex[c & 0xf];
  }
  return std::string(1, c);
}

Token sql_block(Cursor& in) {
  Token token{TokenKind::kSqlBlock, "", in.position()};
  in.take();  // {
  while (!in.done() && is_space(in.peek())) in.take();
  std::string sql;
  for (;;) {
    if (in.done()) {
      throw SpecError(token.at, "unterminated sql block (a '}' closes it; the sql inside may not hold one)");
    }
    const char c = in.take();
    if (c == '}') break;
    sql += c;
  }
  while (!sql.empty() && is_space(sql.back())) sql.pop_back();
  token.text = std::move(sql);
  return token;
}

Token quoted_name(Cursor& in) {
  Token token{TokenKind::kName, "", in.position()};
  in.take();  // "
  for (;;) {
    if (in.done()) throw SpecError(token.at, "unterminated quoted name (a '\"' closes it on the same line)");
    if (in.peek() == '\n') {
      throw SpecError(in.position(), "newline in a quoted name (close it with '\"' on the same line)");
    }
    const char c = in.take();
    if (c == '"') {
      if (in.peek() != '"') break;
      in.take();  // "" stands for one "
    }
    token.text += c;
  }
  return token;
}

Token integer(Cursor& in) {
  Token token{TokenKind::kInteger, "", in.position()};
  while (!in.done() && is_digit(in.peek())) token.text += in.take();
  const std::size_t digits = token.text.find_first_not_of('0');
  if (digits != std::string::npos && token.text.size() - digits > 9) {
    throw SpecError(token.at, "number " + token.text + " is too large (a count of notices below 1000000000)");
  }
  return token;
}

Token name_or_keyword(Cursor& in) {
  Token token{TokenKind::kName, "", in.position()};
  while (!in.done() && is_name_char(in.peek())) token.text += in.take();
  for (const auto& [keyword, kind] : kKeywords) {
    if (token.text == keyword) token.kind = kind;
  }
  return token;
}

}  // namespace

SpecLexer::SpecLexer(std::string_view text) : in_(std::make_unique<Cursor>(text)) {}
SpecLexer::~SpecLexer() = default;

Token SpecLexer::next() {
  Cursor& in = *in_;
  while (!in.done()) {
    const char c = in.peek();
    if (c == '\n' || is_space(c)) {
      in.take();
    } else if (c == '#') {
      while (!in.done() && in.peek() != '\n' && in.peek() != '\r') in.take();
    } else if (c == '{') {
      return sql_block(in);
    } else if (c == '"') {
      return quoted_name(in);
    } else if (is_digit(c)) {
      return integer(in);
    } else if (is_name_start(c)) {
      return name_or_keyword(in);
    } else if (c == ',' || c == '(' || c == ')' || c == '*') {
      const TokenKind kind = c == ',' ? TokenKind::kComma
                             : c == '(' ? TokenKind::kOpen
                             : c == ')' ? TokenKind::kClose
                                        : TokenKind::kStar;
      Token token{kind, std::string(1, c), in.position()};
      in.take();
      return token;
    } else {
      throw SpecError(in.position(), "unexpected character '" + printable(c) +
                                         "' (expected setup, teardown, session, step, permutation, a name, "
                                         "a { sql } block, or one of , ( ) * in a permutation)");
    }
  }
  return {TokenKind::kEnd, "", in.position()};
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kNotices:
    case TokenKind::kPermutation:
    case TokenKind::kSession:
    case TokenKind::kSetup:
    case TokenKind::kStep:
    case TokenKind::kTeardown:
    case TokenKind::kComma:
    case TokenKind::kOpen:
    case TokenKind::kClose:
    case TokenKind::kStar:
      return "'" + token.text + "'";
    case TokenKind::kName:
      return "name " + token.text;
    case TokenKind::kSqlBlock:
      return "a { sql } block";
    case TokenKind::kInteger:
      return "number " + token.text;
    case TokenKind::kEnd:
      return "the end of the file";
  }
  return "a token";
}

}  // namespace interleave::app::isolation
