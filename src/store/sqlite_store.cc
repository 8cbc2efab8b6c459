#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/batch_check.h"
#include "store/query_check.h"

namespace sp::store {
namespace {

constexpr int kSchemaVersion = 1;

// Version 1. STRICT: a value of the wrong type is an error, not a silent conversion.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT;
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER
) STRICT;
CREATE TABLE symbols (symbol TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
CREATE TABLE bars (
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  open REAL NOT NULL,
  high REAL NOT NULL,
  low REAL NOT NULL,
  close REAL NOT NULL,
  volume REAL NOT NULL,
  trades INTEGER NOT NULL,
  PRIMARY KEY (symbol, timeframe, start_ms)
) STRICT, WITHOUT ROWID;
CREATE TABLE trades (
  symbol TEXT NOT NULL,
  time_ns INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources (id),
  source_seq INTEGER NOT NULL,
  price INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  match_number INTEGER NOT NULL,
  side TEXT NOT NULL,
  PRIMARY KEY (symbol, time_ns, source_id, source_seq)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX trades_by_source ON trades (source_id, source_seq);
INSERT INTO schema_version (version) VALUES (1);
)sql";

constexpr const char* kBarsAsc =
    "SELECT start_ms, open, high, low, close, volume, trades FROM bars"
    " WHERE symbol = ?1 AND timeframe = ?2 AND start_ms >= ?3 AND start_ms < ?4"
    " ORDER BY start_ms LIMIT ?5";
constexpr const char* kBarsDesc =
    "SELECT start_ms, open, high, low, close, volume, trades FROM bars"
    " WHERE symbol = ?1 AND timeframe = ?2 AND start_ms >= ?3 AND start_ms < ?4"
    " ORDER BY start_ms DESC LIMIT ?5";
constexpr const char* kTradesAsc =
    "SELECT time_ns, price, shares, match_number, side, source_seq FROM trades"
    " WHERE symbol = ?1 AND time_ns >= ?2 AND time_ns < ?3"
    " ORDER BY time_ns, source_id, source_seq LIMIT ?4";
constexpr const char* kTradesDesc =
    "SELECT time_ns, price, shares, match_number, side, source_seq FROM trades"
    " WHERE symbol = ?1 AND time_ns >= ?2 AND time_ns < ?3"
    " ORDER BY time_ns DESC, source_id DESC, source_seq DESC LIMIT ?4";

std::int64_t sql_limit(std::size_t limit) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(limit > kMax ? kMax : limit);
}

// A prepared statement, finalized on destruction. Text is bound SQLITE_STATIC: the caller keeps
// it alive until the statement is reset.
class Statement {
 public:
  Statement() = default;
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  int prepare(sqlite3* db, const char* sql) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  int step() { return sqlite3_step(stmt_); }
  // Ends the statement's read or write and releases what it holds (a read snapshot, mostly).
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string_view text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when a query leaves scope, on every path.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& s) : s_(s) {}
  ~ResetOnExit() { s_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& s_;
};

class SqliteStore final : public MarketStore {
 public:
  SqliteStore(std::string name, const StoreOptions& options)
      : name_(std::move(name)), options_(options) {}
  ~SqliteStore() override;

  // Opens `path` and readies the schema and statements.
  Status open(const std::string& path);

  const std::string& name() const override { return name_; }
  Status write(const WriteBatch& batch) override;
  Result<std::optional<std::int64_t>> checkpoint(std::string_view source) override;
  Result<std::vector<StoredBar>> bars(std::string_view symbol, std::string_view timeframe,
                                      std::int64_t from_ms, std::int64_t to_ms, std::size_t limit,
                                      Order order) override;
  Result<std::vector<StoredTrade>> trades(std::string_view symbol, std::int64_t from_ns,
                                          std::int64_t to_ns, std::size_t limit,
                                          Order order) override;
  Result<std::vector<std::string>> symbols() override;
  Result<std::string> explain_bars(std::string_view symbol, std::string_view timeframe,
                                   std::int64_t from_ms, std::int64_t to_ms, std::size_t limit,
                                   Order order) override;
  Result<std::string> explain_trades(std::string_view symbol, std::int64_t from_ns,
                                     std::int64_t to_ns, std::size_t limit, Order order) override;

 private:
  // "NAME: <what SQLite says>", naming a lock wait and the OS error where there is one.
  Status db_error(std::string_view doing, int rc) const;
  Status exec(const char* sql, std::string_view doing);
  Status prepare(Statement& s, const char* sql);
  Status ready_schema();
  Status write_in_transaction(const WriteBatch& batch, std::int64_t* source_id);
  Result<std::int64_t> source_id(const std::string& source);
  Result<std::string> explain(const char* sql, std::string_view symbol, std::string_view timeframe,
                              std::int64_t from, std::int64_t to, std::size_t limit);

  std::string name_;
  StoreOptions options_;
  sqlite3* db_ = nullptr;
  bool opened_ = false;

  Statement insert_source_, select_source_id_, update_checkpoint_, select_checkpoint_;
  Statement upsert_bar_, insert_trade_, insert_symbol_;
  Statement bars_asc_, bars_desc_, trades_asc_, trades_desc_, symbols_;

  // Learned from committed transactions only, so a rolled-back batch cannot leave a stale entry.
  std::unordered_map<std::string, std::int64_t> source_ids_;
  std::unordered_set<std::string> known_symbols_;
  std::vector<const std::string*> new_symbols_;  // of the batch being written
};

SqliteStore::~SqliteStore() {
  if (!db_) return;
  // Lets SQLite refresh its statistics if the data changed shape; cheap when nothing is due.
  if (opened_) sqlite3_exec(db_, "PRAGMA optimize", nullptr, nullptr, nullptr);
  // The statements are finalized after this body; close_v2 frees the connection then.
  sqlite3_close_v2(db_);
}

Status SqliteStore::db_error(std::string_view doing, int rc) const {
  std::string msg = name_ + ": ";
  if (!doing.empty()) msg += std::string(doing) + ": ";
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    msg += "database is locked (another connection is writing; waited " +
           std::to_string(options_.lock_timeout.count()) + " ms)";
    return Status::error(std::move(msg));
  }
  msg += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if (db_) {
    if (const int sys = sqlite3_system_errno(db_);
        sys != 0 && primary != SQLITE_NOTADB && primary != SQLITE_CONSTRAINT) {
      msg += std::string(" (") + std::strerror(sys) + ")";
    }
  }
  return Status::error(std::move(msg));
}

Status SqliteStore::exec(const char* sql, std::string_view doing) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status() : db_error(doing, rc);
}

Status SqliteStore::prepare(Statement& s, const char* sql) {
  const int rc = s.prepare(db_, sql);
  return rc == SQLITE_OK ? Status() : db_error("preparing a statement", rc);
}

Status SqliteStore::open(const std::string& path) {
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = db_error("cannot open", rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return s;
  }
  sqlite3_busy_timeout(db_, static_cast<int>(options_.lock_timeout.count()));
  // SQLite opens a file it may not write read-only without a word; a store must write.
  if (sqlite3_db_readonly(db_, "main") == 1) {
    return Status::error(name_ +
                         ": cannot write the database file (permission denied; it "
                         "could only be opened read-only)");
  }
  // The first statement reads the file: a file that is not a database fails here.
  {
    Statement mode;
    if (auto s = prepare(mode, "PRAGMA journal_mode = WAL"); !s.ok()) return s;
    const int step = mode.step();
    if (step != SQLITE_ROW) return db_error("cannot switch to WAL journal mode", step);
    const std::string got(mode.text(0));
    if (got != "wal" && !(path == ":memory:" && got == "memory")) {
      return Status::error(name_ + ": cannot switch to WAL journal mode (the file system gave \"" +
                           got + "\"; a network file system cannot share WAL's memory map)");
    }
  }
  const char* sync = options_.durability == Durability::kPowerLoss ? "PRAGMA synchronous = FULL"
                                                                   : "PRAGMA synchronous = NORMAL";
  if (auto s = exec(sync, "setting synchronous"); !s.ok()) return s;
  if (auto s = ready_schema(); !s.ok()) return s;

  const std::pair<Statement*, const char*> statements[] = {
      {&insert_source_, "INSERT INTO sources (name) VALUES (?1) ON CONFLICT (name) DO NOTHING"},
      {&select_source_id_, "SELECT id FROM sources WHERE name = ?1"},
      {&update_checkpoint_, "UPDATE sources SET position = ?2 WHERE id = ?1"},
      {&select_checkpoint_, "SELECT position FROM sources WHERE name = ?1"},
      {&upsert_bar_,
       "INSERT INTO bars (symbol, timeframe, start_ms, open, high, low, close, volume, trades)"
       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
       " ON CONFLICT (symbol, timeframe, start_ms) DO UPDATE SET open = excluded.open,"
       " high = excluded.high, low = excluded.low, close = excluded.close,"
       " volume = excluded.volume, trades = excluded.trades"},
      {&insert_trade_,
       "INSERT INTO trades (symbol, time_ns, source_id, source_seq, price, shares, match_number,"
       " side) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING"},
      {&insert_symbol_, "INSERT INTO symbols (symbol) VALUES (?1) ON CONFLICT DO NOTHING"},
      {&bars_asc_, kBarsAsc},
      {&bars_desc_, kBarsDesc},
      {&trades_asc_, kTradesAsc},
      {&trades_desc_, kTradesDesc},
      {&symbols_, "SELECT symbol FROM symbols ORDER BY symbol"},
  };
  for (const auto& [stmt, sql] : statements) {
    if (auto s = prepare(*stmt, sql); !s.ok()) return s;
  }
  opened_ = true;
  return {};
}

Status SqliteStore::ready_schema() {
  // IMMEDIATE: two processes opening a new file at once must not both create the tables.
  if (auto s = exec("BEGIN IMMEDIATE", "reading the schema"); !s.ok()) return s;
  auto fail = [this](Status s) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  };
  std::vector<std::string> tables;
  {
    Statement list;
    if (auto s = prepare(list, "SELECT name FROM sqlite_schema WHERE type = 'table'"); !s.ok()) {
      return fail(s);
    }
    int rc;
    while ((rc = list.step()) == SQLITE_ROW) tables.emplace_back(list.text(0));
    if (rc != SQLITE_DONE) return fail(db_error("reading the schema", rc));
  }
  auto has = [&](std::string_view t) {
    for (const auto& x : tables) {
      if (x == t) return true;
    }
    return false;
  };
  if (!has("schema_version")) {
    for (const char* ours : {"bars", "trades", "sources", "symbols"}) {
      if (has(ours)) {
        return fail(Status::error(name_ + ": is not a StockPulse database (it has a table \"" +
                                  ours + "\" but no schema_version); refusing to touch it"));
      }
    }
    if (auto s = exec(kSchemaV1, "creating the schema"); !s.ok()) return fail(s);
  } else {
    Statement version;
    if (auto s = prepare(version, "SELECT max(version) FROM schema_version"); !s.ok()) {
      return fail(s);
    }
    if (const int rc = version.step(); rc != SQLITE_ROW) {
      return fail(db_error("reading the schema version", rc));
    }
    const std::int64_t v = version.int64(0);
    if (v > kSchemaVersion) {
      return fail(Status::error(name_ + ": database schema version " + std::to_string(v) +
                                " is newer than this program understands (" +
                                std::to_string(kSchemaVersion) + "); use a newer stockpulse"));
    }
    // Migrations from older versions go here, in this transaction.
  }
  if (auto s = exec("COMMIT", "creating the schema"); !s.ok()) return fail(s);
  return {};
}

Result<std::int64_t> SqliteStore::source_id(const std::string& source) {
  if (const auto it = source_ids_.find(source); it != source_ids_.end()) return it->second;
  {
    ResetOnExit guard(insert_source_);
    insert_source_.bind(1, std::string_view(source));
    if (const int rc = insert_source_.step(); rc != SQLITE_DONE) {
      return db_error("recording source \"" + source + "\"", rc);
    }
  }
  ResetOnExit guard(select_source_id_);
  select_source_id_.bind(1, std::string_view(source));
  if (const int rc = select_source_id_.step(); rc != SQLITE_ROW) {
    return db_error("reading source \"" + source + "\"", rc);
  }
  return select_source_id_.int64(0);
}

Status SqliteStore::write_in_transaction(const WriteBatch& batch, std::int64_t* source_id_out) {
  std::int64_t sid = 0;
  if (!batch.trades.empty() || batch.checkpoint) {
    auto id = source_id(batch.source);
    if (!id.ok()) return id.status();
    sid = *id;
    *source_id_out = sid;
  }
  new_symbols_.clear();
  auto note_symbol = [this](const std::string& symbol) {
    if (known_symbols_.count(symbol)) return;
    for (const std::string* s : new_symbols_) {
      if (*s == symbol) return;
    }
    new_symbols_.push_back(&symbol);
  };
  for (const StoredTrade& t : batch.trades) {
    ResetOnExit guard(insert_trade_);
    insert_trade_.bind(1, std::string_view(t.symbol));
    insert_trade_.bind(2, t.time_ns);
    insert_trade_.bind(3, sid);
    insert_trade_.bind(4, t.source_seq);
    insert_trade_.bind(5, t.price);
    insert_trade_.bind(6, t.shares);
    insert_trade_.bind(7, t.match_number);
    insert_trade_.bind(8, std::string_view(&t.side, 1));
    if (const int rc = insert_trade_.step(); rc != SQLITE_DONE) {
      return db_error("storing trade " + t.symbol + " seq " + std::to_string(t.source_seq), rc);
    }
    note_symbol(t.symbol);
  }
  for (const StoredBar& b : batch.bars) {
    ResetOnExit guard(upsert_bar_);
    upsert_bar_.bind(1, std::string_view(b.symbol));
    upsert_bar_.bind(2, std::string_view(b.timeframe));
    upsert_bar_.bind(3, b.start_ms);
    upsert_bar_.bind(4, b.open);
    upsert_bar_.bind(5, b.high);
    upsert_bar_.bind(6, b.low);
    upsert_bar_.bind(7, b.close);
    upsert_bar_.bind(8, b.volume);
    upsert_bar_.bind(9, b.trades);
    if (const int rc = upsert_bar_.step(); rc != SQLITE_DONE) {
      return db_error(
          "storing bar " + b.symbol + " " + b.timeframe + " " + std::to_string(b.start_ms), rc);
    }
    note_symbol(b.symbol);
  }
  for (const std::string* symbol : new_symbols_) {
    ResetOnExit guard(insert_symbol_);
    insert_symbol_.bind(1, std::string_view(*symbol));
    if (const int rc = insert_symbol_.step(); rc != SQLITE_DONE) {
      return db_error("storing symbol " + *symbol, rc);
    }
  }
  if (batch.checkpoint) {
    ResetOnExit guard(update_checkpoint_);
    update_checkpoint_.bind(1, sid);
    update_checkpoint_.bind(2, *batch.checkpoint);
    if (const int rc = update_checkpoint_.step(); rc != SQLITE_DONE) {
      return db_error("storing the checkpoint of \"" + batch.source + "\"", rc);
    }
  }
  return {};
}

Status SqliteStore::write(const WriteBatch& batch) {
  if (auto s = check_batch(batch, name_); !s.ok()) return s;
  if (batch.empty()) return {};
  if (auto s = exec("BEGIN IMMEDIATE", "starting a write"); !s.ok()) return s;
  std::int64_t sid = -1;
  Status s = write_in_transaction(batch, &sid);
  if (s.ok()) s = exec("COMMIT", "committing");
  if (!s.ok()) {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  if (sid >= 0) source_ids_.emplace(batch.source, sid);
  for (const std::string* symbol : new_symbols_) known_symbols_.insert(*symbol);
  new_symbols_.clear();
  return {};
}

Result<std::optional<std::int64_t>> SqliteStore::checkpoint(std::string_view source) {
  if (const auto p = source_problem(source); !p.empty()) {
    return Status::error(name_ + ": checkpoint: " + std::string(p));
  }
  ResetOnExit guard(select_checkpoint_);
  select_checkpoint_.bind(1, source);
  const int rc = select_checkpoint_.step();
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>();
  if (rc != SQLITE_ROW) return db_error("reading the checkpoint", rc);
  if (select_checkpoint_.is_null(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(select_checkpoint_.int64(0));
}

Result<std::vector<StoredBar>> SqliteStore::bars(std::string_view symbol,
                                                 std::string_view timeframe, std::int64_t from_ms,
                                                 std::int64_t to_ms, std::size_t limit,
                                                 Order order) {
  if (auto s = check_bar_query(name_, symbol, timeframe, from_ms, to_ms); !s.ok()) return s;
  Statement& q = order == Order::kOldestFirst ? bars_asc_ : bars_desc_;
  ResetOnExit guard(q);
  q.bind(1, symbol);
  q.bind(2, timeframe);
  q.bind(3, from_ms);
  q.bind(4, to_ms);
  q.bind(5, sql_limit(limit));
  std::vector<StoredBar> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    StoredBar& b = out.emplace_back();
    b.symbol = symbol;
    b.timeframe = timeframe;
    b.start_ms = q.int64(0);
    b.open = q.real(1);
    b.high = q.real(2);
    b.low = q.real(3);
    b.close = q.real(4);
    b.volume = q.real(5);
    b.trades = q.int64(6);
  }
  if (rc != SQLITE_DONE) return db_error("reading bars", rc);
  return out;
}

Result<std::vector<StoredTrade>> SqliteStore::trades(std::string_view symbol, std::int64_t from_ns,
                                                     std::int64_t to_ns, std::size_t limit,
                                                     Order order) {
  if (auto s = check_trade_query(name_, symbol, from_ns, to_ns); !s.ok()) return s;
  Statement& q = order == Order::kOldestFirst ? trades_asc_ : trades_desc_;
  ResetOnExit guard(q);
  q.bind(1, symbol);
  q.bind(2, from_ns);
  q.bind(3, to_ns);
  q.bind(4, sql_limit(limit));
  std::vector<StoredTrade> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    StoredTrade& t = out.emplace_back();
    t.symbol = symbol;
    t.time_ns = q.int64(0);
    t.price = q.int64(1);
    t.shares = q.int64(2);
    t.match_number = q.int64(3);
    const auto side = q.text(4);
    t.side = side.empty() ? ' ' : side[0];
    t.source_seq = q.int64(5);
  }
  if (rc != SQLITE_DONE) return db_error("reading trades", rc);
  return out;
}

Result<std::vector<std::string>> SqliteStore::symbols() {
  ResetOnExit guard(symbols_);
  std::vector<std::string> out;
  int rc;
  while ((rc = symbols_.step()) == SQLITE_ROW) out.emplace_back(symbols_.text(0));
  if (rc != SQLITE_DONE) return db_error("reading symbols", rc);
  return out;
}

Result<std::string> SqliteStore::explain(const char* sql, std::string_view symbol,
                                         std::string_view timeframe, std::int64_t from,
                                         std::int64_t to, std::size_t limit) {
  Statement plan;
  const std::string text = std::string("EXPLAIN QUERY PLAN ") + sql;
  if (auto s = prepare(plan, text.c_str()); !s.ok()) return s;
  int i = 1;
  plan.bind(i++, symbol);
  if (!timeframe.empty()) plan.bind(i++, timeframe);
  plan.bind(i++, from);
  plan.bind(i++, to);
  plan.bind(i++, sql_limit(limit));
  std::string out;
  int rc;
  while ((rc = plan.step()) == SQLITE_ROW) {
    out += plan.text(3);  // columns: id, parent, notused, detail
    out += '\n';
  }
  if (rc != SQLITE_DONE) return db_error("explaining a query", rc);
  return out;
}

Result<std::string> SqliteStore::explain_bars(std::string_view symbol, std::string_view timeframe,
                                              std::int64_t from_ms, std::int64_t to_ms,
                                              std::size_t limit, Order order) {
  if (auto s = check_bar_query(name_, symbol, timeframe, from_ms, to_ms); !s.ok()) return s;
  return explain(order == Order::kOldestFirst ? kBarsAsc : kBarsDesc, symbol, timeframe, from_ms,
                 to_ms, limit);
}

Result<std::string> SqliteStore::explain_trades(std::string_view symbol, std::int64_t from_ns,
                                                std::int64_t to_ns, std::size_t limit,
                                                Order order) {
  if (auto s = check_trade_query(name_, symbol, from_ns, to_ns); !s.ok()) return s;
  return explain(order == Order::kOldestFirst ? kTradesAsc : kTradesDesc, symbol, {}, from_ns,
                 to_ns, limit);
}

// Why a path cannot hold a database, in words SQLite would not find ("unable to open database
// file"); empty when nothing is visibly wrong.
std::string path_problem(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return "is a directory, not a database file";
  fs::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  const auto st = fs::status(dir, ec);
  if (st.type() == fs::file_type::not_found) {
    return "directory " + dir.string() + " does not exist";
  }
  if (!ec && st.type() != fs::file_type::directory) return dir.string() + " is not a directory";
  // SQLite would say "unable to open database file" and report the errno of its read-only retry.
  if (!fs::exists(p, ec) && ::access(dir.c_str(), W_OK | X_OK) != 0) {
    return "cannot create the database: directory " + dir.string() + " is not writable (" +
           std::strerror(errno) + ")";
  }
  return {};
}

}  // namespace

std::unique_ptr<MarketStore> open_sqlite_store(const StoreLocation& where,
                                               const StoreOptions& options, std::string* error) {
  auto fail = [&](std::string message) -> std::unique_ptr<MarketStore> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  const std::string& path = where.target;
  if (path != ":memory:") {
    if (where.is_default) {
      const std::filesystem::path dir = std::filesystem::path(path).parent_path();
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) return fail(dir.string() + ": cannot create the directory: " + ec.message());
    }
    if (auto problem = path_problem(path); !problem.empty()) {
      return fail(where.display + ": " + problem);
    }
  }
  auto store = std::make_unique<SqliteStore>(where.display, options);
  if (auto s = store->open(path); !s.ok()) return fail(s.message());
  return store;
}

}  // namespace sp::store
