// The PostgreSQL backend's own behaviour: connection errors that name the server and hide the
// password, a connection that breaks under the store, and what it refuses to open.
#include <gtest/gtest.h>

#include <string>

#include "store/backend_fixture.h"
#include "store/raw_sql.h"
#include "store/store.h"

namespace sp::store {
namespace {

using testing::Backend;
using testing::PgScratchServer;

// Port 1 on loopback: nothing listens there, so the refusal is immediate and needs no server.
TEST(PostgresStore, ConnectionRefusedNamesTheUrlWithoutItsPassword) {
  std::string error;
  auto store = open_store("postgresql://sp:hunter2@127.0.0.1:1/sp", &error);
  ASSERT_EQ(store, nullptr);
  EXPECT_EQ(error.rfind("postgresql://sp:***@127.0.0.1:1/sp: cannot connect: ", 0), 0u) << error;
  EXPECT_NE(error.find("Connection refused"), std::string::npos) << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << "one line: " << error;
}

TEST(PostgresStore, AnUnknownDatabaseIsNamed) {
  SP_REQUIRE_POSTGRES();
  const std::string url = PgScratchServer::get().with_database("no_such_db");
  std::string error;
  ASSERT_EQ(open_store(url, &error), nullptr);
  EXPECT_EQ(error.rfind(url + ": cannot connect: ", 0), 0u) << error;
  EXPECT_NE(error.find("database \"no_such_db\" does not exist"), std::string::npos) << error;
}

TEST(PostgresStore, RefusesADatabaseItDidNotMake) {
  SP_REQUIRE_POSTGRES();
  std::string error;
  const std::string url = PgScratchServer::get().fresh_store_url(&error);
  ASSERT_FALSE(url.empty()) << error;
  testing::raw_sql(Backend::kPostgres, url, "CREATE TABLE trades (x int)", &error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(open_store(url, &error), nullptr);
  EXPECT_NE(error.find("is not a StockPulse database (it has a table \"trades\" but no "
                       "schema_version); refusing to touch it"),
            std::string::npos)
      << error;
}

TEST(PostgresStore, RefusesANewerSchema) {
  SP_REQUIRE_POSTGRES();
  std::string error;
  const std::string url = PgScratchServer::get().fresh_store_url(&error);
  ASSERT_FALSE(url.empty()) << error;
  ASSERT_TRUE(open_store(url, &error)) << error;
  testing::raw_sql(Backend::kPostgres, url, "UPDATE schema_version SET version = 99", &error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(open_store(url, &error), nullptr);
  EXPECT_NE(error.find(": database schema version 99 is newer than this program understands (1)"),
            std::string::npos)
      << error;
}

// The server ends the store's connection (as a restart or an idle timeout would): the next
// operations connect again and succeed.
TEST(PostgresStore, ABrokenConnectionIsMadeAgain) {
  SP_REQUIRE_POSTGRES();
  std::string error;
  const std::string url = PgScratchServer::get().fresh_store_url(&error);
  ASSERT_FALSE(url.empty()) << error;
  auto store = open_store(url, &error);
  ASSERT_TRUE(store) << error;
  auto kill_connections = [&] {
    const auto killed = testing::raw_sql(
        Backend::kPostgres, PgScratchServer::get().url(),
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
        "'stockpulse' AND pid <> pg_backend_pid()",
        &error);
    ASSERT_EQ(error, "");
    ASSERT_FALSE(killed.empty());
  };
  kill_connections();
  auto symbols = store->symbols();
  EXPECT_TRUE(symbols.ok()) << symbols.error();
  kill_connections();
  WriteBatch batch;
  batch.source = "feed";
  batch.checkpoint = 5;
  StoredBar b;
  b.symbol = "AAPL";
  b.timeframe = "1m";
  batch.bars.push_back(b);
  const Status s = store->write(batch);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(store->checkpoint("feed")->value_or(-1), 5);
}

}  // namespace
}  // namespace sp::store
