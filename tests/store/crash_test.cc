// A writer killed with SIGKILL during ingest loses nothing it had acknowledged, and a restart
// resumes without duplicates.
//
// The child (ingest_crash_child.cc) ingests the deterministic synthetic feed and prints "ACK P"
// after each commit; sigkill_rounds.h kills it at random points and restarts it. After each kill
// the store is checked while nothing writes:
//  - the checkpoint is at or past every position ever acknowledged;
//  - the stored trades are exactly those of positions 1..checkpoint, each once: nothing
//    acknowledged is lost, nothing past the checkpoint is half-written, no replay duplicated one;
//  - the stored bars equal the bars of positions 1..checkpoint, the forming bar included: the
//    resumed bar builder continued the stored bar instead of replacing it.
// A last run goes to the end, and the same checks hold for the whole feed.
// Runs against SQLite and PostgreSQL, with several seeds.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "store/backend_fixture.h"
#include "store/sigkill_rounds.h"
#include "store/store.h"
#include "store/synthetic_feed.h"

namespace sp::store {
namespace {

using testing::Backend;

constexpr std::int64_t kLast = 12'000;  // positions in the feed

// The child prints "ACK P" after each commit and "DONE" at the end.
const testing::AckProtocol kChildProtocol{
    [](const std::string& line) -> std::optional<std::int64_t> {
      if (line.rfind("ACK ", 0) != 0) return std::nullopt;
      return std::stoll(line.substr(4));
    },
    [](const std::string& line) { return line == "DONE"; }};

// The store holds exactly the feed's positions 1..checkpoint, and checkpoint >= acked.
void expect_store_consistent(const std::string& url, std::int64_t acked, std::int64_t* checkpoint) {
  std::string error;
  auto store = open_store(url, &error);
  ASSERT_TRUE(store) << error;
  auto cp = store->checkpoint(synthetic::kSource);
  ASSERT_TRUE(cp.ok()) << cp.error();
  const std::int64_t stored = cp->value_or(0);
  *checkpoint = stored;
  EXPECT_GE(stored, acked) << "an acknowledged position was lost";
  std::size_t trades = 0;
  for (const auto& symbol : synthetic::symbols()) {
    auto got = store->trades(symbol, kBeginningOfTime, kEndOfTime);
    ASSERT_TRUE(got.ok()) << got.error();
    const auto want = synthetic::expected_trades(stored, symbol);
    std::set<std::int64_t> seqs;
    for (const auto& t : *got) {
      EXPECT_TRUE(seqs.insert(t.source_seq).second) << "duplicate trade seq " << t.source_seq;
    }
    ASSERT_EQ(got->size(), want.size()) << symbol << " at checkpoint " << stored;
    EXPECT_TRUE(*got == want) << symbol << ": stored trades differ from the feed's";
    trades += got->size();

    auto bars = store->bars(symbol, synthetic::kTimeframe, kBeginningOfTime, kEndOfTime);
    ASSERT_TRUE(bars.ok()) << bars.error();
    const auto want_bars = synthetic::expected_bars(stored, symbol);
    ASSERT_EQ(bars->size(), want_bars.size()) << symbol << " at checkpoint " << stored;
    for (std::size_t i = 0; i < want_bars.size(); ++i) {
      EXPECT_EQ((*bars)[i], want_bars[i]) << symbol << " bar " << i << " at checkpoint " << stored;
    }
  }
  std::size_t want_trades = 0;
  for (std::int64_t p = 1; p <= stored; ++p) want_trades += synthetic::has_trade(p);
  EXPECT_EQ(trades, want_trades);
}

class CrashTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(CrashTest, SigkillLosesNothingAcknowledgedAndRestartHasNoDuplicates) {
  const auto [backend, seed] = GetParam();
  testing::TempDir dir;
  std::string url;
  if (backend == Backend::kPostgres) {
    SP_REQUIRE_POSTGRES();
    std::string error;
    url = testing::PgScratchServer::get().fresh_store_url(&error);
    ASSERT_FALSE(url.empty()) << error;
  } else {
    url = "sqlite:" + (dir.path() / "crash.db").string();
  }

  const testing::KillRounds rounds{.seed = static_cast<std::uint64_t>(seed),
                                   .rounds = 6,
                                   .batch = {5, 80},
                                   .acks = {0, 12},
                                   .last_batch = 64};
  testing::run_kill_rounds(
      rounds, kChildProtocol,
      [&](std::int64_t flush_records) {
        return std::vector<std::string>{SP_INGEST_CRASH_CHILD, url, std::to_string(kLast),
                                        std::to_string(flush_records)};
      },
      [&](std::int64_t acked, std::int64_t* checkpoint) {
        expect_store_consistent(url, acked, checkpoint);
      },
      kLast);
}

std::string crash_name(const ::testing::TestParamInfo<std::tuple<Backend, int>>& info) {
  return testing::backend_name(std::get<0>(info.param)) + "_seed" +
         std::to_string(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest,
                         ::testing::Combine(::testing::Values(Backend::kSqlite, Backend::kPostgres),
                                            ::testing::Values(1, 2, 3)),
                         crash_name);

}  // namespace
}  // namespace sp::store
