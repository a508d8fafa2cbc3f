#include "app/isolation/spec_reader.h"

#include <map>
#include <utility>

#include "app/isolation/spec_tokens.h"

namespace interleave::app::isolation {

namespace {

std::string position_text(SourcePosition at) { return std::to_string(at.line) + ":" + std::to_string(at.column); }

// The grammar of specparse.y:
//   spec        := setup* [teardown] session+ permutation*
//   session     := 'session' name [setup] step+ [teardown]
//   step        := 'step' name { sql }
//   permutation := 'permutation' pstep+
//   pstep       := name [ '(' blocker (',' blocker)* ')' ]
//   blocker     := '*' | name | name 'notices' integer
class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text), peek_(lexer_.next()) {}

  Spec spec() {
    Spec spec;
    while (peek().kind == TokenKind::kSetup) spec.setups.push_back(keyword_block("setup"));
    if (peek().kind == TokenKind::kTeardown) spec.teardown = keyword_block("teardown");
    if (peek().kind != TokenKind::kSession) {
      throw unexpected(spec.teardown ? "'session' (a teardown comes after every setup; a spec needs a session)"
                                     : "setup, teardown or 'session' (a spec needs at least one session)");
    }
    while (peek().kind == TokenKind::kSession) spec.sessions.push_back(session());
    while (peek().kind == TokenKind::kPermutation) spec.permutations.push_back(permutation());
    if (peek().kind != TokenKind::kEnd) {
      const char* after = spec.permutations.empty()
                              ? "'session', 'permutation' or the end of the file (setup and teardown blocks "
                                "of the spec come before the first session; a session's own setup comes "
                                "before its steps and its teardown after them)"
                              : "'permutation' or the end of the file (permutations come after every session)";
      throw unexpected(after);
    }
    return spec;
  }

 private:
  const Token& peek() const { return peek_; }
  Token take() {
    Token taken = std::move(peek_);
    peek_ = lexer_.next();
    return taken;
  }

  SpecError unexpected(const std::string& expected) const {
    return SpecError(peek().at, "unexpected " + describe(peek()) + " (expected " + expected + ")");
  }

  // setup { ... } / teardown { ... }: the keyword is next.
  std::string keyword_block(const std::string& keyword) {
    take();
    return block_after("'" + keyword + "'");
  }

  std::string block_after(const std::string& what) {
    if (peek().kind != TokenKind::kSqlBlock) throw unexpected("a { sql } block after " + what);
    return take().text;
  }

  Token name(const std::string& what) {
    if (peek().kind != TokenKind::kName) {
      throw unexpected(what + " (a name such as s1, or a \"quoted name\"; keywords need quotes)");
    }
    return take();
  }

  SpecSession session() {
    SpecSession session;
    session.at = take().at;
    session.name = name("a session name after 'session'").text;
    if (peek().kind == TokenKind::kSetup) session.setup = keyword_block("setup");
    if (peek().kind != TokenKind::kStep) {
      throw unexpected("'step' (session " + session.name + " needs at least one step: step name { sql })");
    }
    while (peek().kind == TokenKind::kStep) {
      SpecStep step;
      step.at = take().at;
      const Token named = name("a step name after 'step'");
      step.name = named.text;
      step.at = named.at;
      step.sql = block_after("step " + step.name);
      session.steps.push_back(std::move(step));
    }
    if (peek().kind == TokenKind::kTeardown) session.teardown = keyword_block("teardown");
    return session;
  }

  Permutation permutation() {
    Permutation permutation;
    permutation.at = take().at;
    if (peek().kind != TokenKind::kName) throw unexpected("a step name after 'permutation'");
    while (peek().kind == TokenKind::kName) {
      PermutationStep step;
      step.at = peek().at;
      step.name = take().text;
      if (peek().kind == TokenKind::kOpen) {
        take();
        step.blockers.push_back(blocker());
        while (peek().kind == TokenKind::kComma) {
          take();
          step.blockers.push_back(blocker());
        }
        if (peek().kind != TokenKind::kClose) throw unexpected("',' or ')' after a blocker");
        take();
      }
      permutation.steps.push_back(std::move(step));
    }
    return permutation;
  }

  Blocker blocker() {
    Blocker blocker;
    blocker.at = peek().at;
    if (peek().kind == TokenKind::kStar) {
      take();
      return blocker;
    }
    if (peek().kind != TokenKind::kName) {
      throw unexpected("a blocker: *, a step name, or a step name followed by notices N");
    }
    blocker.kind = BlockerKind::kOtherStep;
    blocker.step = take().text;
    if (peek().kind == TokenKind::kNotices) {
      take();
      if (peek().kind != TokenKind::kInteger) throw unexpected("a number of notices after 'notices'");
      blocker.kind = BlockerKind::kNotices;
      blocker.notices = std::stoi(take().text);
    }
    return blocker;
  }

  SpecLexer lexer_;
  Token peek_;  // the one token of lookahead
};

struct StepPlace {
  std::size_t session;
  const SpecStep* step;
};

// isolationtester's checks before it runs anything.
std::vector<std::string> check(const Spec& spec) {
  std::map<std::string, StepPlace> steps;
  for (std::size_t s = 0; s < spec.sessions.size(); ++s) {
    for (const SpecStep& step : spec.sessions[s].steps) {
      const auto [found, added] = steps.try_emplace(step.name, StepPlace{s, &step});
      if (!added) {
        throw SpecError(step.at, "duplicate step name " + step.name + " (first defined at " +
                                     position_text(found->second.step->at) +
                                     "; step names are unique across all sessions)");
      }
    }
  }
  std::map<std::string, bool> used;
  for (const Permutation& permutation : spec.permutations) {
    for (const PermutationStep& step : permutation.steps) {
      const auto found = steps.find(step.name);
      if (found == steps.end()) {
        throw SpecError(step.at, "undefined step " + step.name + " in permutation (a permutation names steps "
                                                                 "defined by the sessions)");
      }
      used[step.name] = true;
      for (const Blocker& blocker : step.blockers) {
        if (blocker.kind == BlockerKind::kOnce) continue;
        const auto blocking = steps.find(blocker.step);
        if (blocking == steps.end()) {
          throw SpecError(blocker.at, "undefined blocking step " + blocker.step + " referenced by " + step.name +
                                          " (a blocker names a step defined by another session)");
        }
        if (blocking->second.session == found->second.session) {
          throw SpecError(blocker.at, "permutation step " + step.name + " cannot block on " + blocker.step +
                                          " of its own session (a blocker names a step of another session)");
        }
      }
    }
  }
  std::vector<std::string> warnings;
  if (spec.permutations.empty()) return warnings;
  // In name order, as isolationtester lists them.
  for (const auto& [name, place] : steps) {
    if (!used.contains(name)) warnings.push_back("unused step name: " + name);
  }
  return warnings;
}

}  // namespace

ReadSpec read_spec(std::string_view text) {
  ReadSpec read;
  read.spec = Parser(text).spec();
  read.warnings = check(read.spec);
  return read;
}

}  // namespace interleave::app::isolation
