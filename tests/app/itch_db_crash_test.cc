// `stockpulse itch FILE --db URL` killed with SIGKILL mid-ingest, and run again, loses nothing it
// acknowledged and stores nothing twice: against SQLite and PostgreSQL.
//
// Each round runs the binary with --acks (it prints {"acknowledged":N} after each commit) and a
// small random --batch; store/sigkill_rounds.h kills it at a random point and restarts it. After
// each kill the database is checked while nothing writes (store/itch_expected.h computes the
// truth from the file independently):
//  - the checkpoint is at or past every message ever acknowledged;
//  - the trades stored are exactly those of messages 1..checkpoint, each once;
//  - the 1s and 1m bars are exactly the bars of those trades, the forming bar as it stood.
// A last run finishes the day and the same holds for the whole file.
#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "app/cli_run.h"
#include "market/itch/feed_file.h"
#include "store/backend_fixture.h"
#include "store/itch_expected.h"
#include "store/sigkill_rounds.h"
#include "store/store.h"

namespace sp::app {
namespace {

using store::testing::Backend;
using store::testing::Expected;

constexpr const char* kSource = "itch:2026-11-24:day20261124.itch";

// `stockpulse itch FILE --db URL --acks` prints {"acknowledged":N} after each commit and its
// summary object ({"file":...}) at the end.
const store::testing::AckProtocol kItchProtocol{
    [](const std::string& line) -> std::optional<std::int64_t> {
      static const std::regex ack("\\{\"acknowledged\":([0-9]+)\\}");
      std::smatch m;
      if (!std::regex_match(line, m, ack)) return std::nullopt;
      return std::stoll(m[1]);
    },
    [](const std::string& line) { return line.rfind("{\"file\":", 0) == 0; }};

void expect_consistent(const std::string& url, const Expected& want, std::int64_t acked,
                       std::int64_t* checkpoint) {
  std::string error;
  auto db = store::open_store(url, &error);
  ASSERT_TRUE(db) << error;
  auto cp = db->checkpoint(kSource);
  ASSERT_TRUE(cp.ok()) << cp.error();
  *checkpoint = cp->value_or(0);
  EXPECT_GE(*checkpoint, acked) << "an acknowledged message was lost";
  for (const auto& [symbol, all] : want.trades) {
    const auto trades = want.trades_through(symbol, *checkpoint);
    auto got = db->trades(symbol, store::kBeginningOfTime, store::kEndOfTime);
    ASSERT_TRUE(got.ok()) << got.error();
    std::set<std::int64_t> seqs;
    for (const auto& t : *got)
      EXPECT_TRUE(seqs.insert(t.source_seq).second) << "duplicate trade " << t.source_seq;
    ASSERT_EQ(got->size(), trades.size()) << symbol << " at checkpoint " << *checkpoint;
    EXPECT_TRUE(*got == trades) << symbol << ": stored trades differ from the file's";
    for (const char* tf : {"1s", "1m"}) {
      auto bars = db->bars(symbol, tf, store::kBeginningOfTime, store::kEndOfTime);
      ASSERT_TRUE(bars.ok()) << bars.error();
      const auto want_bars =
          trades.empty() ? std::vector<store::StoredBar>{} : Expected::bars_of(trades, tf);
      ASSERT_EQ(bars->size(), want_bars.size())
          << symbol << " " << tf << " at checkpoint " << *checkpoint;
      EXPECT_TRUE(*bars == want_bars) << symbol << " " << tf << " at checkpoint " << *checkpoint;
    }
  }
}

class ItchDbCrash : public ::testing::TestWithParam<Backend> {};

TEST_P(ItchDbCrash, SigkillLosesNothingAcknowledgedAndRestartHasNoDuplicates) {
  sp::testing::TempDir dir;
  std::string url;
  if (GetParam() == Backend::kPostgres) {
    SP_REQUIRE_POSTGRES();
    std::string error;
    url = store::testing::PgScratchServer::get().fresh_store_url(&error);
    ASSERT_FALSE(url.empty()) << error;
  } else {
    url = "sqlite:" + (dir.path() / "crash.db").string();
  }
  const std::string file = (dir.path() / "day20261124.itch").string();
  const auto sim = sp::testing::run_cli(
      {"simulate", "--symbols", "15", "--messages", "120000", "--seed", "77", "--out", file});
  ASSERT_EQ(sim.code, 0) << sim.err;
  std::string error;
  auto feed = market::itch::FeedFile::open(file, &error);
  ASSERT_TRUE(feed) << error;
  const Expected want(*feed);
  const std::int64_t messages = 120'000 + 15 + 6;

  const store::testing::KillRounds rounds{.seed = GetParam() == Backend::kSqlite ? 11u : 12u,
                                          .rounds = 5,
                                          .batch = {5, 60},
                                          .acks = {0, 10},
                                          .last_batch = 200};
  const std::string bin = sp::testing::binary_path();
  store::testing::run_kill_rounds(
      rounds, kItchProtocol,
      [&](std::int64_t batch) {
        return std::vector<std::string>{bin, "itch",   file,      "--db",
                                        url, "--acks", "--batch", std::to_string(batch)};
      },
      [&](std::int64_t acked, std::int64_t* checkpoint) {
        expect_consistent(url, want, acked, checkpoint);
      },
      messages);
}

INSTANTIATE_TEST_SUITE_P(Backends, ItchDbCrash,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         store::testing::BackendName());

}  // namespace
}  // namespace sp::app
