// Store URLs: which backend and where, and the errors for ones that name neither.
#include "store/store_url.h"

#include <gtest/gtest.h>

#include <string>

#include "store/store.h"

namespace sp::store {
namespace {

using Backend = StoreLocation::Backend;

StoreLocation parsed(std::string_view url) {
  auto r = parse_store_url(url);
  EXPECT_TRUE(r.ok()) << url << ": " << r.error();
  return r.ok() ? *r : StoreLocation{};
}

TEST(StoreUrl, EmptyIsTheDefaultSqliteFile) {
  const auto loc = parsed("");
  EXPECT_EQ(loc.backend, Backend::kSqlite);
  EXPECT_EQ(loc.target, "./var/stockpulse.db");
  EXPECT_TRUE(loc.is_default);
}

TEST(StoreUrl, SqliteForms) {
  EXPECT_EQ(parsed("sqlite:data/x.db").target, "data/x.db");
  EXPECT_EQ(parsed("sqlite:///abs/x.db").target, "/abs/x.db");
  EXPECT_EQ(parsed("sqlite://rel.db").target, "rel.db");
  EXPECT_EQ(parsed("SQLite:x.db").target, "x.db");
  EXPECT_EQ(parsed("sqlite::memory:").target, ":memory:");
  EXPECT_EQ(parsed("/var/lib/sp.db").target, "/var/lib/sp.db");
  EXPECT_EQ(parsed("x.db").backend, Backend::kSqlite);
  EXPECT_FALSE(parsed("x.db").is_default);
  // A colon in a plain path is not a scheme.
  EXPECT_EQ(parsed("data/10:30.db").target, "data/10:30.db");
}

TEST(StoreUrl, PostgresForms) {
  for (const char* url : {"postgresql://sp@localhost:5432/sp",
                          "postgres://sp@db/sp?sslmode=require", "PostgreSQL://h/d"}) {
    const auto loc = parsed(url);
    EXPECT_EQ(loc.backend, Backend::kPostgres) << url;
    EXPECT_EQ(loc.target, url) << "given to libpq as it is";
  }
}

TEST(StoreUrl, UnknownSchemeNamesTheUrlAndTheWayOut) {
  auto r = parse_store_url("mysql://root:pw@localhost/sp");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "mysql://root:***@localhost/sp: unsupported database URL scheme \"mysql\" (use "
            "sqlite:PATH, a file path, or postgresql://user@host:port/db)");
  auto empty = parse_store_url("sqlite:");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().find("no database path"), std::string::npos) << empty.error();
}

TEST(StoreUrl, PasswordsAreMaskedWhereverLibpqReadsThem) {
  EXPECT_EQ(mask_password("postgresql://sp:hunter2@db:5432/sp"), "postgresql://sp:***@db:5432/sp");
  EXPECT_EQ(mask_password("postgresql://sp@db/sp?password=hunter2&sslmode=require"),
            "postgresql://sp@db/sp?password=***&sslmode=require");
  EXPECT_EQ(mask_password("postgresql://sp@db/sp"), "postgresql://sp@db/sp");
  EXPECT_EQ(mask_password("postgresql://db/sp?x=1"), "postgresql://db/sp?x=1");
  EXPECT_EQ(mask_password("postgresql://a:b@c@db/sp"), "postgresql://a:***@db/sp");
  EXPECT_EQ(parsed("postgresql://sp:hunter2@db/sp").display, "postgresql://sp:***@db/sp");
}

TEST(StoreUrl, OpenStoreReportsABadUrl) {
  std::string error;
  EXPECT_EQ(open_store("redis://localhost", &error), nullptr);
  EXPECT_NE(error.find("redis://localhost: unsupported database URL scheme"), std::string::npos)
      << error;
}

}  // namespace
}  // namespace sp::store
