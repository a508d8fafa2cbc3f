#include "backends/pg/conninfo_secrets.h"

#include <cstdlib>
#include <memory>

#include <libpq-fe.h>

#include "backends/pg/conninfo_value.h"

namespace interleave::impl::pg {
namespace {

// libpq's parse of `conninfo`, freed with it; null with `error` set when
// libpq rejects the text.
using Options = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

Options parse(const std::string& conninfo, std::string& error) {
  char* message = nullptr;
  Options options(PQconninfoParse(conninfo.c_str(), &message), &PQconninfoFree);
  if (message) {
    error = message;
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    PQfreemem(message);
  }
  return options;
}

bool is_password(std::string_view keyword) { return keyword == "password"; }

// The password a text libpq rejected would have given, found the way a reader
// would: after "password=" (up to a space), or between the user and '@' of a
// URI. libpq quotes a rejected text in its reason, so this keeps it hidden.
std::string rejected_password(std::string_view conninfo) {
  if (const std::size_t key = conninfo.find("password="); key != std::string_view::npos) {
    std::string_view rest = conninfo.substr(key + 9);
    return std::string(rest.substr(0, rest.find(' ')));
  }
  const std::size_t scheme = conninfo.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view authority = conninfo.substr(scheme + 3);
  authority = authority.substr(0, authority.rfind('@') == std::string_view::npos ? 0 : authority.rfind('@'));
  const std::size_t colon = authority.find(':');
  return colon == std::string_view::npos ? "" : std::string(authority.substr(colon + 1));
}

}  // namespace

std::string masked_conninfo(const std::string& conninfo) {
  if (conninfo.empty()) return "the PG* environment";
  std::string error;
  const Options options = parse(conninfo, error);
  if (!options) return "a connection string libpq cannot read: " + without_passwords(error, conninfo);
  std::string shown;
  for (const PQconninfoOption* option = options.get(); option->keyword; ++option) {
    if (!option->val) continue;
    shown += shown.empty() ? "" : " ";
    shown += option->keyword;
    shown += "=";
    shown += is_password(option->keyword) ? std::string(kMaskedPassword) : conninfo_value(option->val);
  }
  return shown;
}

std::vector<std::string> known_passwords(const std::string& conninfo) {
  std::vector<std::string> passwords;
  if (const char* environment = std::getenv("PGPASSWORD"); environment && *environment) {
    passwords.emplace_back(environment);
  }
  if (conninfo.empty()) return passwords;
  std::string error;
  if (const Options options = parse(conninfo, error)) {
    for (const PQconninfoOption* option = options.get(); option->keyword; ++option) {
      if (option->val && *option->val && is_password(option->keyword)) passwords.emplace_back(option->val);
    }
  } else if (std::string rejected = rejected_password(conninfo); !rejected.empty()) {
    passwords.push_back(std::move(rejected));
  }
  return passwords;
}

std::string without_passwords(std::string text, const std::string& conninfo) {
  for (const std::string& password : known_passwords(conninfo)) {
    for (std::size_t at = text.find(password); at != std::string::npos;
         at = text.find(password, at + kMaskedPassword.size())) {
      text.replace(at, password.size(), kMaskedPassword);
    }
  }
  return text;
}

}  // namespace interleave::impl::pg
