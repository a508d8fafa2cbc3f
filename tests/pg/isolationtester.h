#pragma once
// PostgreSQL's own isolationtester, for the tests that check specs on a
// real server (postgresql-client-NN installs it).

#include <optional>
#include <string>

namespace interleave {

// $(pg_config --pkglibdir)/pgxs/src/test/isolation/isolationtester, else
// the last /usr/lib/postgresql/*/lib/... in glob's order.
std::optional<std::string> isolationtester();

// The word in single quotes for sh.
std::string shell_quoted(const std::string& word);

}  // namespace interleave
