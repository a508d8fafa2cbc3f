#pragma once
// Connection strings as they may be shown: every message, report, trace and
// JSON the command writes names a server by masked_conninfo(), never by the
// text the user gave, and runs any server text through without_passwords()
// (libpq may quote what it was given). No output contains a password from
// --dsn or PGPASSWORD (DESIGN.md §8).
//
// Example:
//   masked_conninfo("postgresql://app:hunter2@127.0.0.1:1/db")
//     == "user=app password=******** host=127.0.0.1 port=1 dbname=db"
//   without_passwords("bad password hunter2", "password=hunter2") == "bad password ********"

#include <string>
#include <string_view>
#include <vector>

namespace interleave::impl::pg {

inline constexpr std::string_view kMaskedPassword = "********";

// The settings `conninfo` gives, in libpq's keyword=value form (URI and
// keyword=value input alike, parsed by libpq's PQconninfoParse), with the
// password masked. "the PG* environment" for an empty string; a string libpq
// cannot parse is not shown at all, only libpq's reason.
std::string masked_conninfo(const std::string& conninfo);

// Every password the run knows of: the one `conninfo` gives (when libpq can
// parse it) and PGPASSWORD's.
std::vector<std::string> known_passwords(const std::string& conninfo);

// `text` with each of known_passwords(conninfo) replaced by kMaskedPassword.
std::string without_passwords(std::string text, const std::string& conninfo);

}  // namespace interleave::impl::pg
