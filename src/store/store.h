// MarketStore: where bars and trades are persisted, behind one interface.
//
// Two implementations sit behind open_store():
//   ""                         SQLite at ./var/stockpulse.db (./var/ is created): the default.
//   "sqlite:PATH", "PATH"      SQLite at PATH. "sqlite:///abs/x.db" is /abs/x.db (the two slashes
//                              after "sqlite:" are dropped); "sqlite::memory:" is a private
//                              in-memory database (tests). PATH's directory must exist.
//   "postgresql://user@host:port/db" (or "postgres://…")
//                              PostgreSQL through libpq; every libpq URI parameter works
//                              (?sslmode=…, ?connect_timeout=…; the default timeout is 10 s).
// Any other "scheme://" is an error. Opening creates the schema, or checks that the one found is
// ours and of a version this program knows (table schema_version); it refuses a database that
// already has a `bars`, `trades`, `sources` or `symbols` table it did not make.
//
// Contract:
//  - write() commits a WriteBatch in ONE transaction: all of it or none of it. When it returns ok
//    the batch is stored; what that survives is StoreOptions::durability. When it fails nothing of
//    the batch is stored, except that a PostgreSQL connection lost *during* COMMIT leaves the
//    outcome unknown (the message says so): read checkpoint() to learn it. Rewriting a batch is
//    always safe: bars are upserted, trades are skipped by key.
//  - Queries return records ordered by time (trades: then by source and sequence), from an index
//    on (symbol, timeframe, start_ms) for bars and (symbol, time_ns) for trades: the cost grows
//    with the rows returned, not with the rows stored. Ranges are half-open, [from, to): `from`
//    inclusive, `to` exclusive, so consecutive ranges neither overlap nor leave gaps. An unknown
//    symbol gives an empty result. With Order::kNewestFirst the query returns the `limit` newest
//    rows of the range, newest first (the latest bar: limit 1).
//  - Every error message starts with name() (a path, or the URL with its password masked).
//
// Thread safety: thread-compatible. One MarketStore is used by one thread at a time (it holds one
// connection and its prepared statements); give each thread its own. Several processes may open
// the same database: SQLite in WAL mode lets readers run beside one writer, and a second writer
// waits up to StoreOptions::lock_timeout; PostgreSQL serialises them itself.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/status.h"
#include "store/write_batch.h"

namespace sp::store {

// What a write that returned ok survives.
enum class Durability {
  // The end of the writing process (SIGKILL, a crash) and of the machine (power loss, kernel
  // panic): each commit waits for the disk (SQLite synchronous=FULL; PostgreSQL
  // synchronous_commit=on). The default.
  kPowerLoss,
  // The end of the writing process only. A power loss may undo the last commits, never half of
  // one (SQLite WAL with synchronous=NORMAL; PostgreSQL synchronous_commit=off, which also covers
  // the server process). Faster when batches are small.
  kProcessCrash,
};

struct StoreOptions {
  Durability durability = Durability::kPowerLoss;
  // SQLite: how long a write waits for another process's write transaction before failing with
  // "database is locked".
  std::chrono::milliseconds lock_timeout{5000};
};

enum class Order { kOldestFirst, kNewestFirst };

inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();
inline constexpr std::int64_t kBeginningOfTime = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kEndOfTime = std::numeric_limits<std::int64_t>::max();

// The default database: SQLite at this path, relative to the working directory.
inline constexpr std::string_view kDefaultDatabasePath = "./var/stockpulse.db";

class MarketStore {
 public:
  virtual ~MarketStore() = default;
  MarketStore(const MarketStore&) = delete;
  MarketStore& operator=(const MarketStore&) = delete;

  // The path, or the URL with its password masked: what error messages start with.
  virtual const std::string& name() const = 0;

  // Commits `batch` in one transaction (see the contract above). A batch with a record that breaks
  // the limits in records.h is refused whole, with a message naming the record and the problem.
  // An empty batch is ok and touches nothing.
  virtual Status write(const WriteBatch& batch) = 0;

  // The position stored for `source` by the last write that carried a checkpoint for it;
  // nullopt when there is none.
  virtual Result<std::optional<std::int64_t>> checkpoint(std::string_view source) = 0;

  // Bars of one symbol and timeframe with start_ms in [from_ms, to_ms), oldest first (or the
  // newest `limit`, newest first). An error when from_ms > to_ms.
  virtual Result<std::vector<StoredBar>> bars(std::string_view symbol, std::string_view timeframe,
                                              std::int64_t from_ms, std::int64_t to_ms,
                                              std::size_t limit = kNoLimit,
                                              Order order = Order::kOldestFirst) = 0;

  // Trades of one symbol with time_ns in [from_ns, to_ns), by time, source and sequence (or the
  // newest `limit`, newest first). An error when from_ns > to_ns.
  virtual Result<std::vector<StoredTrade>> trades(std::string_view symbol, std::int64_t from_ns,
                                                  std::int64_t to_ns, std::size_t limit = kNoLimit,
                                                  Order order = Order::kOldestFirst) = 0;

  // Every symbol with a stored bar or trade, sorted bytewise.
  virtual Result<std::vector<std::string>> symbols() = 0;

  // The database's plan for the bars() / trades() query with these arguments (SQLite's EXPLAIN
  // QUERY PLAN, PostgreSQL's EXPLAIN), one step a line: how a test or an operator sees that a
  // time-range query is an index range scan and not a scan of the table.
  virtual Result<std::string> explain_bars(std::string_view symbol, std::string_view timeframe,
                                           std::int64_t from_ms, std::int64_t to_ms,
                                           std::size_t limit = kNoLimit,
                                           Order order = Order::kOldestFirst) = 0;
  virtual Result<std::string> explain_trades(std::string_view symbol, std::int64_t from_ns,
                                             std::int64_t to_ns, std::size_t limit = kNoLimit,
                                             Order order = Order::kOldestFirst) = 0;

 protected:
  MarketStore() = default;
};

// Opens the store `url` names (forms above). On failure returns null and sets *error to a message
// that names the url (password masked) and the problem.
std::unique_ptr<MarketStore> open_store(std::string_view url, std::string* error);
std::unique_ptr<MarketStore> open_store(std::string_view url, const StoreOptions& options,
                                        std::string* error);

}  // namespace sp::store
