// BackendTest: a test fixture parameterised over the store's backends, so that one contract test
// runs against SQLite and PostgreSQL alike. Each test gets an empty database of its own: a file in
// a fresh temporary directory, or a new schema on the scratch PostgreSQL server (pg_scratch.h).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/pg_scratch.h"
#include "store/printers.h"
#include "store/store.h"

namespace sp::store::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string backend_name(Backend b) {
  return b == Backend::kSqlite ? "Sqlite" : "Postgres";
}
inline void PrintTo(Backend b, std::ostream* os) {
  *os << backend_name(b);
}

// A directory removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sp-store-test.XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      SP_REQUIRE_POSTGRES();
      std::string error;
      url_ = PgScratchServer::get().fresh_store_url(&error);
      ASSERT_FALSE(url_.empty()) << error;
    } else {
      ASSERT_FALSE(dir_.path().empty());
      url_ = "sqlite:" + (dir_.path() / "store.db").string();
    }
  }

  // Opens the test's database; a test failure (and null) when that fails.
  std::unique_ptr<MarketStore> open(const StoreOptions& options = {}) {
    std::string error;
    auto store = open_store(url_, options, &error);
    EXPECT_TRUE(store) << error;
    return store;
  }

  TempDir dir_;
  std::string url_;
};

struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return backend_name(info.param);
  }
};

}  // namespace sp::store::testing

#define SP_INSTANTIATE_FOR_BACKENDS(suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                             \
                           ::testing::Values(::sp::store::testing::Backend::kSqlite,    \
                                             ::sp::store::testing::Backend::kPostgres), \
                           ::sp::store::testing::BackendName())
