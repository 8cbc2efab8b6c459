// Store benchmarks: how fast bars and trades go in, and how long a time-range query for one
// symbol takes once 1,000,000 bars are stored, with the index and without it.
//
//   IngestBars/<backend>/<batch>    rows/s through MarketStore::write, one transaction per batch
//   IngestTrades/<backend>/<batch>  the same for trades
//   RangeQuery/<backend>/indexed    bars(symbol, "1m", one session = 390 bars) on 1M stored bars
//   RangeQuery/<backend>/no_index   the same SQL on a copy of the table without any index
//   LatestBar/<backend>             the newest bar of a symbol (limit 1, newest first)
//
// Backends: sqlite_full (Durability::kPowerLoss, synchronous=FULL), sqlite_normal
// (kProcessCrash, synchronous=NORMAL), and postgres / postgres_async (synchronous_commit on/off)
// when SP_TEST_POSTGRES_URL names a server: scripts/store-bench runs this under
// scripts/pg-scratch-server, which sets it. The SQLite files go under $TMPDIR.
//
// The query plans of the indexed and unindexed queries are printed first, so the output shows the
// index is what makes the difference.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace {

using namespace sp::store;

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kT0 = 1'262'304'000'000;  // 2010-01-01 UTC
constexpr int kSymbols = 20;
constexpr int kBarsPerSymbol = 50'000;  // 20 × 50,000 = 1,000,000 bars
constexpr int kSessionBars = 390;

bool on_terminal() {
  return ::isatty(STDERR_FILENO);
}

std::string temp_dir() {
  static std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sp-store-bench.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return tmpl;
  }();
  return dir;
}

const char* postgres_url() {
  const char* url = std::getenv("SP_TEST_POSTGRES_URL");
  return url && *url ? url : nullptr;
}

// A URL for an empty place on the PostgreSQL server: a schema of its own.
std::string fresh_postgres_url() {
  static int n = 0;
  const std::string schema = "sp_bench_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
  PGconn* c = PQconnectdb(postgres_url());
  PQclear(PQexec(c, ("CREATE SCHEMA " + schema).c_str()));
  PQfinish(c);
  const std::string base = postgres_url();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

struct Backend {
  std::string name;
  bool postgres;
  Durability durability;
};

std::string fresh_url(const Backend& b) {
  static int n = 0;
  if (b.postgres) return fresh_postgres_url();
  return "sqlite:" + temp_dir() + "/" + b.name + "-" + std::to_string(n++) + ".db";
}

std::unique_ptr<MarketStore> open_or_die(const std::string& url, Durability d) {
  StoreOptions options;
  options.durability = d;
  std::string error;
  auto store = open_store(url, options, &error);
  if (!store) {
    std::fprintf(stderr, "bench_store: %s\n", error.c_str());
    std::exit(1);
  }
  return store;
}

StoredBar make_bar(int symbol, std::int64_t i) {
  StoredBar b;
  b.symbol = "SYM" + std::to_string(symbol);
  b.timeframe = "1m";
  b.start_ms = kT0 + i * kMinute;
  b.open = 100 + static_cast<double>(i % 97) * 0.01;
  b.high = b.open + 0.5;
  b.low = b.open - 0.5;
  b.close = b.open + 0.25;
  b.volume = 1000 + static_cast<double>(i % 13);
  b.trades = 10;
  return b;
}

void BM_IngestBars(benchmark::State& state, Backend backend) {
  auto store = open_or_die(fresh_url(backend), backend.durability);
  const auto batch_size = state.range(0);
  WriteBatch batch;
  batch.source = "bench";
  std::int64_t next = 0;
  for (auto _ : state) {
    state.PauseTiming();
    batch.bars.clear();
    for (std::int64_t k = 0; k < batch_size; ++k, ++next) batch.bars.push_back(make_bar(0, next));
    batch.checkpoint = next;
    state.ResumeTiming();
    if (const Status s = store->write(batch); !s.ok()) state.SkipWithError(s.message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * batch_size);
}

void BM_IngestTrades(benchmark::State& state, Backend backend) {
  auto store = open_or_die(fresh_url(backend), backend.durability);
  const auto batch_size = state.range(0);
  WriteBatch batch;
  batch.source = "bench";
  std::int64_t next = 0;
  for (auto _ : state) {
    state.PauseTiming();
    batch.trades.clear();
    for (std::int64_t k = 0; k < batch_size; ++k, ++next) {
      StoredTrade t;
      t.symbol = "SYM" + std::to_string(next % kSymbols);
      t.time_ns = (kT0 + next) * 1'000'000;
      t.price = 1'000'000 + next % 1000;
      t.shares = 100;
      t.match_number = next;
      t.side = 'B';
      t.source_seq = next;
      batch.trades.push_back(t);
    }
    batch.checkpoint = next;
    state.ResumeTiming();
    if (const Status s = store->write(batch); !s.ok()) state.SkipWithError(s.message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * batch_size);
}

// One store per backend holding 1,000,000 bars, and a copy of its bars table without an index.
struct Loaded {
  std::string url;
  std::unique_ptr<MarketStore> store;
};

// Runs SQL on the loaded database behind the store's back (the unindexed copy, ANALYZE).
void raw(const Backend& b, const std::string& url, const std::string& sql) {
  if (b.postgres) {
    PGconn* c = PQconnectdb(url.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::fprintf(stderr, "bench_store: %s: %s", sql.c_str(), PQresultErrorMessage(r));
      std::exit(1);
    }
    PQclear(r);
    PQfinish(c);
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open(url.substr(7).c_str(), &db);
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::fprintf(stderr, "bench_store: %s: %s\n", sql.c_str(), msg);
    std::exit(1);
  }
  sqlite3_close(db);
}

Loaded& loaded(const Backend& b) {
  static std::vector<std::pair<std::string, std::unique_ptr<Loaded>>> all;
  for (auto& [name, l] : all) {
    if (name == b.name) return *l;
  }
  auto l = std::make_unique<Loaded>();
  l->url = fresh_url(b);
  l->store = open_or_die(l->url, b.durability);
  const auto started = std::chrono::steady_clock::now();
  WriteBatch batch;
  for (int s = 0; s < kSymbols; ++s) {
    for (int i = 0; i < kBarsPerSymbol; i += 10'000) {
      batch.bars.clear();
      for (int k = i; k < i + 10'000; ++k) batch.bars.push_back(make_bar(s, k));
      if (const Status st = l->store->write(batch); !st.ok()) {
        std::fprintf(stderr, "bench_store: %s\n", st.message().c_str());
        std::exit(1);
      }
      if (on_terminal()) {
        std::fprintf(stderr, "\rloading %s: %d bars", b.name.c_str(),
                     s * kBarsPerSymbol + i + 10'000);
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  raw(b, l->url, "CREATE TABLE bars_no_index AS SELECT * FROM bars");
  if (b.postgres) raw(b, l->url, "ANALYZE");
  if (on_terminal()) std::fprintf(stderr, "\r");
  std::fprintf(stderr, "%s: 1,000,000 bars loaded in %.1f s (%.0f rows/s, batches of 10,000)\n",
               b.name.c_str(), seconds, 1e6 / seconds);
  all.emplace_back(b.name, std::move(l));
  return *all.back().second;
}

std::int64_t session_start(std::int64_t i) {
  return kT0 + (i * 7919 % (kBarsPerSymbol - 400)) * kMinute;
}

void BM_RangeQueryIndexed(benchmark::State& state, Backend backend) {
  Loaded& l = loaded(backend);
  std::int64_t i = 0, rows = 0;
  for (auto _ : state) {
    const std::int64_t from = session_start(i++);
    auto r = l.store->bars("SYM7", "1m", from, from + kSessionBars * kMinute);
    if (!r.ok() || r->size() != kSessionBars) state.SkipWithError("wrong result");
    rows += r.ok() ? static_cast<std::int64_t>(r->size()) : 0;
  }
  state.SetItemsProcessed(rows);
}

void BM_LatestBar(benchmark::State& state, Backend backend) {
  Loaded& l = loaded(backend);
  for (auto _ : state) {
    auto r = l.store->bars("SYM7", "1m", kBeginningOfTime, kEndOfTime, 1, Order::kNewestFirst);
    if (!r.ok() || r->size() != 1) state.SkipWithError("wrong result");
  }
}

// The store's own SQL, on the copy without an index: the difference is the index alone.
constexpr const char* kNoIndexSqlite =
    "SELECT start_ms, open, high, low, close, volume, trades FROM bars_no_index"
    " WHERE symbol = ?1 AND timeframe = ?2 AND start_ms >= ?3 AND start_ms < ?4"
    " ORDER BY start_ms LIMIT ?5";
constexpr const char* kNoIndexPostgres =
    "SELECT start_ms, open, high, low, close, volume, trades FROM bars_no_index"
    " WHERE symbol = $1 AND timeframe = $2 AND start_ms >= $3 AND start_ms < $4"
    " ORDER BY start_ms LIMIT $5";

void BM_RangeQueryNoIndex(benchmark::State& state, Backend backend) {
  Loaded& l = loaded(backend);
  std::int64_t i = 0, rows = 0;
  if (backend.postgres) {
    PGconn* c = PQconnectdb(l.url.c_str());
    PQclear(PQprepare(c, "q", kNoIndexPostgres, 0, nullptr));
    for (auto _ : state) {
      const std::int64_t from = session_start(i++);
      const std::string a = std::to_string(from), z = std::to_string(from + kSessionBars * kMinute);
      const char* params[] = {"SYM7", "1m", a.c_str(), z.c_str(), "9223372036854775807"};
      PGresult* r = PQexecPrepared(c, "q", 5, params, nullptr, nullptr, 0);
      rows += PQntuples(r);
      if (PQntuples(r) != kSessionBars) state.SkipWithError("wrong result");
      PQclear(r);
    }
    PQfinish(c);
  } else {
    sqlite3* db = nullptr;
    sqlite3_open(l.url.substr(7).c_str(), &db);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, kNoIndexSqlite, -1, &q, nullptr);
    for (auto _ : state) {
      const std::int64_t from = session_start(i++);
      sqlite3_bind_text(q, 1, "SYM7", -1, SQLITE_STATIC);
      sqlite3_bind_text(q, 2, "1m", -1, SQLITE_STATIC);
      sqlite3_bind_int64(q, 3, from);
      sqlite3_bind_int64(q, 4, from + kSessionBars * kMinute);
      sqlite3_bind_int64(q, 5, INT64_MAX);
      int n = 0;
      while (sqlite3_step(q) == SQLITE_ROW) {
        benchmark::DoNotOptimize(sqlite3_column_double(q, 4));
        ++n;
      }
      sqlite3_reset(q);
      rows += n;
      if (n != kSessionBars) state.SkipWithError("wrong result");
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
  state.SetItemsProcessed(rows);
}

void print_plans(const Backend& b) {
  Loaded& l = loaded(b);
  auto plan = l.store->explain_bars("SYM7", "1m", kT0, kT0 + kSessionBars * kMinute);
  std::fprintf(stderr, "%s indexed plan:\n%s", b.name.c_str(),
               plan.ok() ? plan->c_str() : plan.error().c_str());
  if (b.postgres) {
    PGconn* c = PQconnectdb(l.url.c_str());
    const std::string sql =
        "EXPLAIN (COSTS OFF) SELECT * FROM bars_no_index WHERE symbol = 'SYM7' AND timeframe = "
        "'1m' AND start_ms >= " +
        std::to_string(kT0) + " AND start_ms < " + std::to_string(kT0 + kSessionBars * kMinute) +
        " ORDER BY start_ms";
    PGresult* r = PQexec(c, sql.c_str());
    std::fprintf(stderr, "%s no-index plan:\n", b.name.c_str());
    for (int i = 0; i < PQntuples(r); ++i) std::fprintf(stderr, "%s\n", PQgetvalue(r, i, 0));
    PQclear(r);
    PQfinish(c);
  } else {
    sqlite3* db = nullptr;
    sqlite3_open(l.url.substr(7).c_str(), &db);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + std::string(kNoIndexSqlite)).c_str(), -1, &q,
                       nullptr);
    std::fprintf(stderr, "%s no-index plan:\n", b.name.c_str());
    while (sqlite3_step(q) == SQLITE_ROW) {
      std::fprintf(stderr, "%s\n", reinterpret_cast<const char*>(sqlite3_column_text(q, 3)));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<Backend> backends = {{"sqlite_full", false, Durability::kPowerLoss},
                                   {"sqlite_normal", false, Durability::kProcessCrash}};
  if (postgres_url()) {
    backends.push_back({"postgres", true, Durability::kPowerLoss});
    backends.push_back({"postgres_async", true, Durability::kProcessCrash});
  } else {
    std::fprintf(stderr,
                 "bench_store: SP_TEST_POSTGRES_URL is not set: SQLite only "
                 "(scripts/store-bench runs PostgreSQL too)\n");
  }
  for (const auto& b : backends) {
    benchmark::RegisterBenchmark(("IngestBars/" + b.name).c_str(), BM_IngestBars, b)
        ->Arg(1)
        ->Arg(100)
        ->Arg(10'000)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("IngestTrades/" + b.name).c_str(), BM_IngestTrades, b)
        ->Arg(1)
        ->Arg(100)
        ->Arg(10'000)
        ->UseRealTime();
  }
  // Queries do not depend on the durability setting: one store per database kind.
  for (const auto& b : backends) {
    if (b.durability != Durability::kPowerLoss) continue;
    benchmark::RegisterBenchmark(("RangeQuery/" + b.name + "/indexed").c_str(),
                                 BM_RangeQueryIndexed, b)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("RangeQuery/" + b.name + "/no_index").c_str(),
                                 BM_RangeQueryNoIndex, b)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("LatestBar/" + b.name).c_str(), BM_LatestBar, b)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  if (std::getenv("SP_BENCH_PLANS") || argc == 1) {
    for (const auto& b : backends) {
      if (b.durability == Durability::kPowerLoss) print_plans(b);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ec;
  std::filesystem::remove_all(temp_dir(), ec);
  return 0;
}
