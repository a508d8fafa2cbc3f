// Connection strings as messages show them: libpq's own parse of both forms,
// the password masked, PGPASSWORD and a rejected string's password kept out
// of any text. No server needed.

#include "backends/pg/conninfo_secrets.h"

#include <stdlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace interleave::impl::pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// PGPASSWORD set (or, for nullptr, unset: pg_virtualenv sets one) for one
// test, restored after it.
class PasswordEnvironment {
 public:
  explicit PasswordEnvironment(const char* value) {
    if (const char* old = getenv("PGPASSWORD")) old_ = old;
    if (value) {
      setenv("PGPASSWORD", value, 1);
    } else {
      unsetenv("PGPASSWORD");
    }
  }
  ~PasswordEnvironment() {
    if (old_.empty()) {
      unsetenv("PGPASSWORD");
    } else {
      setenv("PGPASSWORD", old_.c_str(), 1);
    }
  }

 private:
  std::string old_;
};

TEST(ConninfoSecrets, AUriIsShownAsItsSettingsWithThePasswordMasked) {
  EXPECT_EQ(masked_conninfo("postgresql://app:hunter2@127.0.0.1:1/db"),
            "user=app password=******** dbname=db host=127.0.0.1 port=1");
}

TEST(ConninfoSecrets, KeywordValueFormIsMaskedToo) {
  EXPECT_EQ(masked_conninfo("host=127.0.0.1 port=1 user=app password='hunter 2' dbname=db"),
            "user=app password=******** dbname=db host=127.0.0.1 port=1");
}

TEST(ConninfoSecrets, APercentEncodedPasswordIsFoundDecoded) {
  PasswordEnvironment none(nullptr);
  EXPECT_EQ(known_passwords("postgresql://app:hun%74er2@h/db"), std::vector<std::string>{"hunter2"});
  EXPECT_EQ(without_passwords("auth failed for hunter2", "postgresql://app:hun%74er2@h/db"),
            "auth failed for ********");
}

TEST(ConninfoSecrets, TheEnvironmentIsNamedAsSuch) { EXPECT_EQ(masked_conninfo(""), "the PG* environment"); }

TEST(ConninfoSecrets, ValuesWithSpacesAreQuotedAsLibpqReadsThem) {
  EXPECT_EQ(masked_conninfo("host=h application_name='a b'"), "host=h application_name='a b'");
}

TEST(ConninfoSecrets, AStringLibpqRejectsIsNotShownAndItsPasswordIsHidden) {
  PasswordEnvironment none(nullptr);
  const std::string rejected = "postgresql://app:hunter2@[::1/db";
  const std::string shown = masked_conninfo(rejected);
  EXPECT_THAT(shown, HasSubstr("a connection string libpq cannot read: "));
  EXPECT_THAT(shown, Not(HasSubstr("hunter2")));
  EXPECT_EQ(without_passwords("x " + rejected, rejected), "x postgresql://app:********@[::1/db");
  EXPECT_EQ(without_passwords("password=hunter2 host", "password=hunter2 host=h = x"), "password=******** host");
}

TEST(ConninfoSecrets, PgpasswordIsHiddenWhereverItAppears) {
  PasswordEnvironment environment("s3cret");
  EXPECT_EQ(without_passwords("s3cret and s3cret", ""), "******** and ********");
  EXPECT_EQ(known_passwords("user=app password=other"), (std::vector<std::string>{"s3cret", "other"}));
}

}  // namespace
}  // namespace interleave::impl::pg
