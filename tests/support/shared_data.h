// Finding and loading the real data in ../shared/data for tests.
//
// The folder is $SP_SHARED_DATA if set, else the path CMake was configured with. A test that needs
// it calls SP_REQUIRE_SHARED_DATA(): when the folder is absent the test is skipped with a message,
// except under CI=true, where the absence is a failure.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "market/ohlcv_file.h"

namespace sp::testing {

inline std::filesystem::path shared_data_dir() {
  if (const char* env = std::getenv("SP_SHARED_DATA"); env && *env) return env;
  return SP_SHARED_DATA_DIR;
}

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

#define SP_REQUIRE_SHARED_DATA()                                                       \
  do {                                                                                 \
    if (!std::filesystem::is_directory(::sp::testing::shared_data_dir() / "market")) { \
      if (::sp::testing::in_ci()) {                                                    \
        FAIL() << "shared data missing at " << ::sp::testing::shared_data_dir()        \
               << " under CI=true";                                                    \
      }                                                                                \
      GTEST_SKIP() << "shared data not found at " << ::sp::testing::shared_data_dir()  \
                   << " (set SP_SHARED_DATA)";                                         \
    }                                                                                  \
  } while (0)

// Every OHLCV file in shared/data/market (the CSV and TSV bar files, not the oracle worksheets).
inline std::vector<std::filesystem::path> market_files() {
  std::vector<std::filesystem::path> out;
  const auto dir = shared_data_dir() / "market";
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".csv" || ext == ".tsv")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline market::OhlcvTable load_market_file(const std::filesystem::path& p) {
  auto r = market::read_ohlcv_file(p.string());
  EXPECT_TRUE(r.ok()) << r.error;
  return std::move(r.table);
}

}  // namespace sp::testing
