#include "store/postgres_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/batch_check.h"
#include "store/query_check.h"

namespace sp::store {
namespace {

constexpr int kSchemaVersion = 1;
// pg_advisory_xact_lock key that serialises schema creation between processes ("SPstore1").
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(6003655136346369329)";

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_version (version integer NOT NULL);
CREATE TABLE sources (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  position bigint
);
CREATE TABLE symbols (symbol text COLLATE "C" PRIMARY KEY);
CREATE TABLE bars (
  symbol text COLLATE "C" NOT NULL,
  timeframe text COLLATE "C" NOT NULL,
  start_ms bigint NOT NULL,
  open double precision NOT NULL,
  high double precision NOT NULL,
  low double precision NOT NULL,
  close double precision NOT NULL,
  volume double precision NOT NULL,
  trades bigint NOT NULL,
  PRIMARY KEY (symbol, timeframe, start_ms)
);
CREATE TABLE trades (
  symbol text COLLATE "C" NOT NULL,
  time_ns bigint NOT NULL,
  source_id bigint NOT NULL,
  source_seq bigint NOT NULL,
  price bigint NOT NULL,
  shares bigint NOT NULL,
  match_number bigint NOT NULL,
  side text NOT NULL,
  PRIMARY KEY (source_id, source_seq)
);
CREATE INDEX trades_by_symbol_time ON trades (symbol, time_ns, source_id, source_seq);
INSERT INTO schema_version (version) VALUES (1);
)sql";

// Per session: where a batch's rows land before they are merged into the tables.
constexpr const char* kSessionTables = R"sql(
CREATE TEMP TABLE IF NOT EXISTS sp_batch_bars (
  symbol text COLLATE "C", timeframe text COLLATE "C", start_ms bigint, open double precision,
  high double precision, low double precision, close double precision, volume double precision,
  trades bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS sp_batch_trades (
  symbol text COLLATE "C", time_ns bigint, source_seq bigint, price bigint, shares bigint,
  match_number bigint, side text
) ON COMMIT DELETE ROWS;
)sql";

constexpr const char* kBarsAsc =
    "SELECT start_ms, open, high, low, close, volume, trades FROM bars"
    " WHERE symbol = $1 AND timeframe = $2 AND start_ms >= $3 AND start_ms < $4"
    " ORDER BY start_ms LIMIT $5";
constexpr const char* kBarsDesc =
    "SELECT start_ms, open, high, low, close, volume, trades FROM bars"
    " WHERE symbol = $1 AND timeframe = $2 AND start_ms >= $3 AND start_ms < $4"
    " ORDER BY start_ms DESC LIMIT $5";
constexpr const char* kTradesAsc =
    "SELECT time_ns, price, shares, match_number, side, source_seq FROM trades"
    " WHERE symbol = $1 AND time_ns >= $2 AND time_ns < $3"
    " ORDER BY time_ns, source_id, source_seq LIMIT $4";
constexpr const char* kTradesDesc =
    "SELECT time_ns, price, shares, match_number, side, source_seq FROM trades"
    " WHERE symbol = $1 AND time_ns >= $2 AND time_ns < $3"
    " ORDER BY time_ns DESC, source_id DESC, source_seq DESC LIMIT $4";

// Prepared once per session: name, text.
constexpr std::pair<const char*, const char*> kStatements[] = {
    {"sp_insert_source", "INSERT INTO sources (name) VALUES ($1) ON CONFLICT (name) DO NOTHING"},
    {"sp_select_source", "SELECT id FROM sources WHERE name = $1"},
    {"sp_set_checkpoint", "UPDATE sources SET position = $2 WHERE id = $1"},
    {"sp_get_checkpoint", "SELECT position FROM sources WHERE name = $1"},
    {"sp_merge_trades",
     "INSERT INTO trades (symbol, time_ns, source_id, source_seq, price, shares, match_number, "
     "side)"
     " SELECT symbol, time_ns, $1, source_seq, price, shares, match_number, side"
     " FROM sp_batch_trades ON CONFLICT DO NOTHING"},
    {"sp_merge_bars",
     "INSERT INTO bars (symbol, timeframe, start_ms, open, high, low, close, volume, trades)"
     " SELECT symbol, timeframe, start_ms, open, high, low, close, volume, trades"
     " FROM sp_batch_bars ON CONFLICT (symbol, timeframe, start_ms) DO UPDATE SET"
     " open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,"
     " volume = EXCLUDED.volume, trades = EXCLUDED.trades"},
    {"sp_insert_symbols",
     "INSERT INTO symbols (symbol) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING"},
    {"sp_bars_asc", kBarsAsc},
    {"sp_bars_desc", kBarsDesc},
    {"sp_trades_asc", kTradesAsc},
    {"sp_trades_desc", kTradesDesc},
    {"sp_symbols", "SELECT symbol FROM symbols ORDER BY symbol"},
};

// Flush COPY data to the server in pieces of about this size.
constexpr std::size_t kCopyChunk = 1 << 18;

// Owns a PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* r = nullptr) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(PgResult&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  PgResult& operator=(PgResult&& o) noexcept {
    std::swap(r_, o.r_);
    return *this;
  }
  PGresult* get() const { return r_; }
  ExecStatusType status() const { return r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR; }
  int rows() const { return PQntuples(r_); }
  bool is_null(int row, int col) const { return PQgetisnull(r_, row, col); }
  std::string_view text(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
  }

 private:
  PGresult* r_;
};

// Query parameters in text form. Numbers are formatted into inline buffers.
class Params {
 public:
  void add(std::string_view text) {
    owned_.emplace_back(text);
    texts_.push_back(nullptr);
  }
  void add(std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    add(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  int size() const { return static_cast<int>(owned_.size()); }
  const char* const* values() {
    for (std::size_t i = 0; i < owned_.size(); ++i) texts_[i] = owned_[i].c_str();
    return texts_.data();
  }

 private:
  std::vector<std::string> owned_;
  std::vector<const char*> texts_;
};

std::int64_t sql_limit(std::size_t limit) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(limit > kMax ? kMax : limit);
}

bool parse(std::string_view s, std::int64_t* v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}
bool parse(std::string_view s, double* v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// libpq's messages end with a newline and may have more lines (a hint after "\n\t"): one line.
std::string one_line(const char* text) {
  std::string out;
  bool space = false;
  for (const char* p = text ? text : ""; *p; ++p) {
    if (*p == '\n' || *p == '\t' || *p == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

void append_number(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
// Shortest text that reads back as the same double.
void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
// COPY text format: backslash is the only special byte a checked symbol can hold.
void append_copy_text(std::string& out, std::string_view s) {
  for (const char c : s) {
    if (c == '\\') out += '\\';
    out += c;
  }
}

class PostgresStore final : public MarketStore {
 public:
  PostgresStore(std::string url, std::string name, const StoreOptions& options)
      : url_(std::move(url)), name_(std::move(name)), options_(options) {}
  ~PostgresStore() override { PQfinish(conn_); }

  Status connect();

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
  Status error(std::string_view doing, const PgResult& r) const;
  Status connection_error(std::string_view doing) const;
  Status exec(const char* sql, std::string_view doing);
  Result<PgResult> run(const char* statement, Params& params, std::string_view doing);
  Status ready_session();
  Status ready_schema();
  Status ensure_connected();
  // Runs `op`; when it failed because the connection broke, connects again and runs it once more.
  // Safe for every operation: queries read, and rewriting a batch is harmless by the contract.
  template <typename Op>
  auto retrying(Op op) -> decltype(op()) {
    auto r = op();
    if (r.ok() || PQstatus(conn_) != CONNECTION_BAD) return r;
    if (!ensure_connected().ok()) return r;
    return op();
  }
  Status write_once(const WriteBatch& batch);
  Status copy(const char* copy_sql, std::string_view doing);
  Status write_in_transaction(const WriteBatch& batch, std::int64_t* source_id);
  Result<std::int64_t> source_id(const std::string& source);
  Result<std::string> explain(const char* sql, Params& params);

  std::string url_;   // as given, for libpq
  std::string name_;  // password masked, for messages
  StoreOptions options_;
  PGconn* conn_ = nullptr;

  std::string copy_buffer_;
  std::vector<std::size_t> bar_order_;  // the batch's bars, last of each key, by key
  std::unordered_map<std::string, std::int64_t> source_ids_;  // learned from commits only
  std::unordered_set<std::string> known_symbols_;             // likewise
  std::vector<const std::string*> new_symbols_;
};

Status PostgresStore::error(std::string_view doing, const PgResult& r) const {
  std::string msg = name_ + ": ";
  if (!doing.empty()) msg += std::string(doing) + ": ";
  if (PQstatus(conn_) == CONNECTION_BAD) {
    return Status::error(msg + "connection lost: " + one_line(PQerrorMessage(conn_)));
  }
  const char* primary = r.get() ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail = r.get() ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_DETAIL) : nullptr;
  msg += primary ? one_line(primary) : one_line(PQerrorMessage(conn_));
  if (detail) msg += " (" + one_line(detail) + ")";
  return Status::error(std::move(msg));
}

Status PostgresStore::connection_error(std::string_view doing) const {
  return Status::error(name_ + ": " + std::string(doing) + ": " + one_line(PQerrorMessage(conn_)));
}

Status PostgresStore::exec(const char* sql, std::string_view doing) {
  PgResult r(PQexec(conn_, sql));
  if (r.status() != PGRES_COMMAND_OK && r.status() != PGRES_TUPLES_OK) return error(doing, r);
  return {};
}

Result<PgResult> PostgresStore::run(const char* statement, Params& params, std::string_view doing) {
  PgResult r(PQexecPrepared(conn_, statement, params.size(), params.values(), nullptr, nullptr, 0));
  if (r.status() != PGRES_COMMAND_OK && r.status() != PGRES_TUPLES_OK) return error(doing, r);
  return r;
}

Status PostgresStore::connect() {
  // connect_timeout first: the URL's own parameters, expanded from dbname, override it.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "stockpulse", url_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn_) return Status::error(name_ + ": cannot connect: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) return connection_error("cannot connect");
  if (PQserverVersion(conn_) < 100000) {
    return Status::error(name_ + ": PostgreSQL " + std::to_string(PQserverVersion(conn_)) +
                         " is too old (10 or newer is needed)");
  }
  return ready_session();
}

Status PostgresStore::ready_session() {
  // "relation already exists, skipping" and the like are not for the user's terminal.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  const char* settings = options_.durability == Durability::kPowerLoss
                             ? "SET synchronous_commit = on; SET extra_float_digits = 3; SET "
                               "client_min_messages = warning"
                             : "SET synchronous_commit = off; SET extra_float_digits = 3; SET "
                               "client_min_messages = warning";
  if (auto s = exec(settings, "setting up the session"); !s.ok()) return s;
  if (auto s = ready_schema(); !s.ok()) return s;
  if (auto s = exec(kSessionTables, "creating the session's batch tables"); !s.ok()) return s;
  for (const auto& [name, sql] : kStatements) {
    PgResult r(PQprepare(conn_, name, sql, 0, nullptr));
    if (r.status() != PGRES_COMMAND_OK) return error("preparing a statement", r);
  }
  return {};
}

Status PostgresStore::ready_schema() {
  if (auto s = exec("BEGIN", "reading the schema"); !s.ok()) return s;
  auto fail = [this](Status s) {
    PgResult(PQexec(conn_, "ROLLBACK"));
    return s;
  };
  if (auto s = exec(kSchemaLock, "locking the schema"); !s.ok()) return fail(s);
  PgResult tables(PQexec(conn_,
                         "SELECT to_regclass('schema_version') IS NOT NULL, to_regclass('bars')"
                         " IS NOT NULL, to_regclass('trades') IS NOT NULL, to_regclass('sources')"
                         " IS NOT NULL, to_regclass('symbols') IS NOT NULL"));
  if (tables.status() != PGRES_TUPLES_OK) return fail(error("reading the schema", tables));
  auto has = [&](int col) { return tables.text(0, col) == "t"; };
  if (!has(0)) {
    const char* ours[] = {"bars", "trades", "sources", "symbols"};
    for (int i = 0; i < 4; ++i) {
      if (has(i + 1)) {
        return fail(Status::error(name_ + ": is not a StockPulse database (it has a table \"" +
                                  ours[i] + "\" but no schema_version); refusing to touch it"));
      }
    }
    if (auto s = exec(kSchemaV1, "creating the schema"); !s.ok()) return fail(s);
  } else {
    PgResult v(PQexec(conn_, "SELECT max(version) FROM schema_version"));
    std::int64_t version = 0;
    if (v.status() != PGRES_TUPLES_OK) return fail(error("reading the schema version", v));
    if (v.rows() != 1 || v.is_null(0, 0) || !parse(v.text(0, 0), &version)) {
      return fail(Status::error(name_ + ": table schema_version holds no version"));
    }
    if (version > kSchemaVersion) {
      return fail(Status::error(name_ + ": database schema version " + std::to_string(version) +
                                " is newer than this program understands (" +
                                std::to_string(kSchemaVersion) + "); use a newer stockpulse"));
    }
    // Migrations from older versions go here, in this transaction.
  }
  return exec("COMMIT", "creating the schema");
}

Status PostgresStore::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) return {};
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return connection_error("reconnecting");
  return ready_session();
}

Result<std::int64_t> PostgresStore::source_id(const std::string& source) {
  if (const auto it = source_ids_.find(source); it != source_ids_.end()) return it->second;
  Params p;
  p.add(source);
  if (auto r = run("sp_insert_source", p, "recording source " + quoted(source)); !r.ok()) {
    return r.status();
  }
  auto r = run("sp_select_source", p, "reading source " + quoted(source));
  if (!r.ok()) return r.status();
  std::int64_t id = 0;
  if (r->rows() != 1 || !parse(r->text(0, 0), &id)) {
    return Status::error(name_ + ": source " + quoted(source) + " has no id after inserting it");
  }
  return id;
}

Status PostgresStore::copy(const char* copy_sql, std::string_view doing) {
  PgResult start(PQexec(conn_, copy_sql));
  if (start.status() != PGRES_COPY_IN) return error(doing, start);
  // copy_buffer_ holds all rows; send it in pieces so the server starts while we are still
  // sending.
  bool sent = true;
  for (std::size_t at = 0; at < copy_buffer_.size() && sent; at += kCopyChunk) {
    const std::size_t n = std::min(kCopyChunk, copy_buffer_.size() - at);
    sent = PQputCopyData(conn_, copy_buffer_.data() + at, static_cast<int>(n)) == 1;
  }
  const int end = PQputCopyEnd(conn_, sent ? nullptr : "client could not send the rows");
  PgResult done(PQgetResult(conn_));
  Status s;
  if (end != 1 || done.status() != PGRES_COMMAND_OK) s = error(doing, done);
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  return s;
}

Status PostgresStore::write_in_transaction(const WriteBatch& batch, std::int64_t* source_id_out) {
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

  if (!batch.trades.empty()) {
    copy_buffer_.clear();
    for (const StoredTrade& t : batch.trades) {
      append_copy_text(copy_buffer_, t.symbol);
      copy_buffer_ += '\t';
      append_number(copy_buffer_, t.time_ns);
      copy_buffer_ += '\t';
      append_number(copy_buffer_, t.source_seq);
      copy_buffer_ += '\t';
      append_number(copy_buffer_, t.price);
      copy_buffer_ += '\t';
      append_number(copy_buffer_, t.shares);
      copy_buffer_ += '\t';
      append_number(copy_buffer_, t.match_number);
      copy_buffer_ += '\t';
      copy_buffer_ += t.side;
      copy_buffer_ += '\n';
      note_symbol(t.symbol);
    }
    if (auto s = copy("COPY sp_batch_trades (symbol, time_ns, source_seq, price, shares,"
                      " match_number, side) FROM STDIN",
                      "sending trades");
        !s.ok()) {
      return s;
    }
    Params p;
    p.add(sid);
    if (auto r = run("sp_merge_trades", p, "storing trades"); !r.ok()) return r.status();
  }

  if (!batch.bars.empty()) {
    // ON CONFLICT DO UPDATE may not touch a row twice in one statement: keep the last bar of each
    // key, as the contract says a later one wins.
    bar_order_.resize(batch.bars.size());
    for (std::size_t i = 0; i < bar_order_.size(); ++i) bar_order_[i] = i;
    auto key_less = [&](std::size_t a, std::size_t b) {
      const StoredBar& x = batch.bars[a];
      const StoredBar& y = batch.bars[b];
      if (x.symbol != y.symbol) return x.symbol < y.symbol;
      if (x.timeframe != y.timeframe) return x.timeframe < y.timeframe;
      return x.start_ms < y.start_ms;
    };
    std::stable_sort(bar_order_.begin(), bar_order_.end(), key_less);
    copy_buffer_.clear();
    for (std::size_t k = 0; k < bar_order_.size(); ++k) {
      if (k + 1 < bar_order_.size() && !key_less(bar_order_[k], bar_order_[k + 1])) continue;
      const StoredBar& b = batch.bars[bar_order_[k]];
      append_copy_text(copy_buffer_, b.symbol);
      copy_buffer_ += '\t';
      append_copy_text(copy_buffer_, b.timeframe);
      copy_buffer_ += '\t';
      append_number(copy_buffer_, b.start_ms);
      for (const double v : {b.open, b.high, b.low, b.close, b.volume}) {
        copy_buffer_ += '\t';
        append_number(copy_buffer_, v);
      }
      copy_buffer_ += '\t';
      append_number(copy_buffer_, b.trades);
      copy_buffer_ += '\n';
      note_symbol(b.symbol);
    }
    if (auto s = copy("COPY sp_batch_bars (symbol, timeframe, start_ms, open, high, low, close,"
                      " volume, trades) FROM STDIN",
                      "sending bars");
        !s.ok()) {
      return s;
    }
    Params none;
    if (auto r = run("sp_merge_bars", none, "storing bars"); !r.ok()) return r.status();
  }

  if (!new_symbols_.empty()) {
    std::string array = "{";
    for (const std::string* symbol : new_symbols_) {
      if (array.size() > 1) array += ',';
      array += '"';
      for (const char c : *symbol) {
        if (c == '"' || c == '\\') array += '\\';
        array += c;
      }
      array += '"';
    }
    array += '}';
    Params p;
    p.add(array);
    if (auto r = run("sp_insert_symbols", p, "storing symbols"); !r.ok()) return r.status();
  }

  if (batch.checkpoint) {
    Params p;
    p.add(sid);
    p.add(*batch.checkpoint);
    if (auto r = run("sp_set_checkpoint", p, "storing the checkpoint of " + quoted(batch.source));
        !r.ok()) {
      return r.status();
    }
  }
  return {};
}

Status PostgresStore::write(const WriteBatch& batch) {
  if (auto s = check_batch(batch, name_); !s.ok()) return s;
  if (batch.empty()) return {};
  return retrying([&] { return write_once(batch); });
}

Status PostgresStore::write_once(const WriteBatch& batch) {
  if (auto s = ensure_connected(); !s.ok()) return s;
  if (auto s = exec("BEGIN", "starting a write"); !s.ok()) return s;
  std::int64_t sid = -1;
  if (Status s = write_in_transaction(batch, &sid); !s.ok()) {
    PgResult(PQexec(conn_, "ROLLBACK"));
    return s;
  }
  PgResult commit(PQexec(conn_, "COMMIT"));
  if (commit.status() != PGRES_COMMAND_OK) {
    if (PQstatus(conn_) == CONNECTION_BAD) {
      return Status::error(name_ +
                           ": connection lost while committing; the batch may or may not "
                           "be stored (the checkpoint tells which; writing it again is "
                           "safe): " +
                           one_line(PQerrorMessage(conn_)));
    }
    Status s = error("committing", commit);
    PgResult(PQexec(conn_, "ROLLBACK"));
    return s;
  }
  if (sid >= 0) source_ids_.emplace(batch.source, sid);
  for (const std::string* symbol : new_symbols_) known_symbols_.insert(*symbol);
  new_symbols_.clear();
  return {};
}

Result<std::optional<std::int64_t>> PostgresStore::checkpoint(std::string_view source) {
  if (const auto p = source_problem(source); !p.empty()) {
    return Status::error(name_ + ": checkpoint: " + std::string(p));
  }
  Params p;
  p.add(source);
  auto r = retrying([&]() -> Result<PgResult> {
    if (auto s = ensure_connected(); !s.ok()) return s;
    return run("sp_get_checkpoint", p, "reading the checkpoint");
  });
  if (!r.ok()) return r.status();
  if (r->rows() == 0 || r->is_null(0, 0)) return std::optional<std::int64_t>();
  std::int64_t v = 0;
  if (!parse(r->text(0, 0), &v)) {
    return Status::error(name_ +
                         ": reading the checkpoint: not a number: " + std::string(r->text(0, 0)));
  }
  return std::optional<std::int64_t>(v);
}

Result<std::vector<StoredBar>> PostgresStore::bars(std::string_view symbol,
                                                   std::string_view timeframe, std::int64_t from_ms,
                                                   std::int64_t to_ms, std::size_t limit,
                                                   Order order) {
  if (auto s = check_bar_query(name_, symbol, timeframe, from_ms, to_ms); !s.ok()) return s;
  Params p;
  p.add(symbol);
  p.add(timeframe);
  p.add(from_ms);
  p.add(to_ms);
  p.add(sql_limit(limit));
  auto r = retrying([&]() -> Result<PgResult> {
    if (auto s = ensure_connected(); !s.ok()) return s;
    return run(order == Order::kOldestFirst ? "sp_bars_asc" : "sp_bars_desc", p, "reading bars");
  });
  if (!r.ok()) return r.status();
  std::vector<StoredBar> out(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    StoredBar& b = out[static_cast<std::size_t>(i)];
    b.symbol = symbol;
    b.timeframe = timeframe;
    const bool ok = parse(r->text(i, 0), &b.start_ms) && parse(r->text(i, 1), &b.open) &&
                    parse(r->text(i, 2), &b.high) && parse(r->text(i, 3), &b.low) &&
                    parse(r->text(i, 4), &b.close) && parse(r->text(i, 5), &b.volume) &&
                    parse(r->text(i, 6), &b.trades);
    if (!ok) return Status::error(name_ + ": reading bars: a row that does not parse");
  }
  return out;
}

Result<std::vector<StoredTrade>> PostgresStore::trades(std::string_view symbol,
                                                       std::int64_t from_ns, std::int64_t to_ns,
                                                       std::size_t limit, Order order) {
  if (auto s = check_trade_query(name_, symbol, from_ns, to_ns); !s.ok()) return s;
  Params p;
  p.add(symbol);
  p.add(from_ns);
  p.add(to_ns);
  p.add(sql_limit(limit));
  auto r = retrying([&]() -> Result<PgResult> {
    if (auto s = ensure_connected(); !s.ok()) return s;
    return run(order == Order::kOldestFirst ? "sp_trades_asc" : "sp_trades_desc", p,
               "reading trades");
  });
  if (!r.ok()) return r.status();
  std::vector<StoredTrade> out(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    StoredTrade& t = out[static_cast<std::size_t>(i)];
    t.symbol = symbol;
    const auto side = r->text(i, 4);
    t.side = side.empty() ? ' ' : side[0];
    const bool ok = parse(r->text(i, 0), &t.time_ns) && parse(r->text(i, 1), &t.price) &&
                    parse(r->text(i, 2), &t.shares) && parse(r->text(i, 3), &t.match_number) &&
                    parse(r->text(i, 5), &t.source_seq);
    if (!ok) return Status::error(name_ + ": reading trades: a row that does not parse");
  }
  return out;
}

Result<std::vector<std::string>> PostgresStore::symbols() {
  Params none;
  auto r = retrying([&]() -> Result<PgResult> {
    if (auto s = ensure_connected(); !s.ok()) return s;
    return run("sp_symbols", none, "reading symbols");
  });
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->text(i, 0));
  return out;
}

Result<std::string> PostgresStore::explain(const char* sql, Params& params) {
  if (auto s = ensure_connected(); !s.ok()) return s;
  const std::string text = std::string("EXPLAIN (COSTS OFF) ") + sql;
  PgResult r(PQexecParams(conn_, text.c_str(), params.size(), nullptr, params.values(), nullptr,
                          nullptr, 0));
  if (r.status() != PGRES_TUPLES_OK) return error("explaining a query", r);
  std::string out;
  for (int i = 0; i < r.rows(); ++i) {
    out += r.text(i, 0);
    out += '\n';
  }
  return out;
}

Result<std::string> PostgresStore::explain_bars(std::string_view symbol, std::string_view timeframe,
                                                std::int64_t from_ms, std::int64_t to_ms,
                                                std::size_t limit, Order order) {
  if (auto s = check_bar_query(name_, symbol, timeframe, from_ms, to_ms); !s.ok()) return s;
  Params p;
  p.add(symbol);
  p.add(timeframe);
  p.add(from_ms);
  p.add(to_ms);
  p.add(sql_limit(limit));
  return explain(order == Order::kOldestFirst ? kBarsAsc : kBarsDesc, p);
}

Result<std::string> PostgresStore::explain_trades(std::string_view symbol, std::int64_t from_ns,
                                                  std::int64_t to_ns, std::size_t limit,
                                                  Order order) {
  if (auto s = check_trade_query(name_, symbol, from_ns, to_ns); !s.ok()) return s;
  Params p;
  p.add(symbol);
  p.add(from_ns);
  p.add(to_ns);
  p.add(sql_limit(limit));
  return explain(order == Order::kOldestFirst ? kTradesAsc : kTradesDesc, p);
}

}  // namespace

std::unique_ptr<MarketStore> open_postgres_store(const StoreLocation& where,
                                                 const StoreOptions& options, std::string* error) {
  auto store = std::make_unique<PostgresStore>(where.target, where.display, options);
  if (auto s = store->connect(); !s.ok()) {
    if (error) *error = s.message();
    return nullptr;
  }
  return store;
}

}  // namespace sp::store
