#include "market/live/live_market.h"

#include <pthread.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "market/itch/stream_reader.h"

namespace sp::market::live {

// A reader-writer lock that lets a waiting writer in before new readers: with glibc's default
// (std::shared_mutex) a steady stream of API readers can keep the feed out for seconds.
class WriterFirstMutex {
 public:
  WriterFirstMutex() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
  }
  ~WriterFirstMutex() { pthread_rwlock_destroy(&lock_); }
  WriterFirstMutex(const WriterFirstMutex&) = delete;
  WriterFirstMutex& operator=(const WriterFirstMutex&) = delete;
  void lock() { pthread_rwlock_wrlock(&lock_); }
  void unlock() { pthread_rwlock_unlock(&lock_); }
  void lock_shared() { pthread_rwlock_rdlock(&lock_); }
  void unlock_shared() { pthread_rwlock_unlock(&lock_); }

 private:
  pthread_rwlock_t lock_;
};

namespace {

constexpr std::uint64_t kIntervalNs[] = {1'000'000'000ull, 60'000'000'000ull};

struct SymbolState {
  explicit SymbolState(std::string n) : name(std::move(n)) {}
  std::string name;
  bars::BarBuilder builder[2] = {bars::BarBuilder(kIntervalNs[0]),
                                 bars::BarBuilder(kIntervalNs[1])};
  std::deque<Bar> done[2];
  Quote quote;
  std::uint16_t locate = 0;  // 0: not (yet) in the feed's directory
  char trading_state = 'T';
  bool quote_dirty = false;
  bool traded = false;  // since the last batch's events
};

}  // namespace

struct LiveMarket::Impl {
  // BookSet's listener: trades and trading states come here.
  struct Sink : book::NullBookListener {
    using NullBookListener::on_status;
    Impl* impl = nullptr;
    void on_trade(const book::TradeEvent& t) { impl->on_trade(t); }
    void on_status(const itch::StockTradingAction& m) {
      impl->on_trading_state(m.stock_locate, m.trading_state);
    }
  };

  // The ITCH handler: the book set first, then what the live view adds.
  struct Tap : itch::NullHandler {
    Impl* impl;
    explicit Tap(Impl* i) : impl(i) {}
    void prefetch(const std::uint8_t* p) { impl->books->prefetch(p); }
    template <class M>
    void on(const M& m) {
      impl->books->on(m);
      impl->touched(m.stock_locate, m.timestamp_ns);
    }
    void on(const itch::StockDirectory& m) {
      impl->books->on(m);
      impl->named(m.stock_locate, itch::trimmed(m.stock));
    }
  };

  explicit Impl(const LiveConfig& c)
      : config(c), books(std::make_unique<book::BookSet<Sink>>(&sink, c.expected_live_orders)) {
    sink.impl = this;
  }

  std::int64_t to_ms(std::uint64_t itch_ns) const {
    return config.session_midnight_ms + static_cast<std::int64_t>(itch_ns / 1'000'000);
  }
  Bar to_bar(const bars::TradeBar& b) const {
    return {to_ms(b.start_ns), b.open, b.high, b.low, b.close, b.volume, b.trades};
  }

  SymbolState& state_named(std::string_view name) {
    auto it = by_name.find(name);
    if (it != by_name.end()) return *it->second;
    SymbolState& s = states.emplace_back(std::string(name));
    by_name.emplace(s.name, &s);
    return s;
  }

  SymbolState* at(std::uint16_t locate) {
    return locate < by_locate.size() ? by_locate[locate] : nullptr;
  }

  void named(std::uint16_t locate, std::string_view name) {
    if (locate == 0 || name.empty()) return;
    if (by_locate.size() <= locate) by_locate.resize(std::size_t(locate) + 1, nullptr);
    SymbolState& s = state_named(name);
    s.locate = locate;
    by_locate[locate] = &s;
  }

  // After every message about a stock: has its top of book moved?
  void touched(std::uint16_t locate, std::uint64_t ts) {
    SymbolState* s = at(locate);
    if (!s) return;
    const book::LevelInfo bid = books->best(locate, book::Side::buy);
    const book::LevelInfo ask = books->best(locate, book::Side::sell);
    Quote& q = s->quote;
    const std::uint32_t bp = bid.orders ? bid.price : 0, ap = ask.orders ? ask.price : 0;
    if (q.bid != bp || q.ask != ap || q.bid_size != bid.shares || q.ask_size != ask.shares) {
      q.bid = bp;
      q.ask = ap;
      q.bid_size = bp ? bid.shares : 0;
      q.ask_size = ap ? ask.shares : 0;
      q.time_ms = to_ms(ts);
      mark_quote(*s);
    }
  }

  void mark_quote(SymbolState& s) {
    if (!s.quote_dirty) {
      s.quote_dirty = true;
      dirty_quotes.push_back(&s);
    }
  }

  void on_trade(const book::TradeEvent& t) {
    if (!t.printable) return;  // non-printable executions are reported elsewhere (book_listener.h)
    SymbolState* s = at(t.locate);
    if (!s) return;
    const std::int64_t ms = to_ms(t.timestamp_ns);
    s->quote.last = t.price;
    s->quote.last_size = t.shares;
    s->quote.time_ms = ms;
    mark_quote(*s);
    trades.push_back({s, Trade{t.price, t.shares, ms, t.side, t.match_number}});
    for (int tf = 0; tf < 2; ++tf) {
      s->builder[tf].add(t.timestamp_ns, t.price, t.shares, [&](const bars::TradeBar& b) {
        keep(*s, tf, to_bar(b));
        finished.push_back({s, static_cast<Timeframe>(tf), to_bar(b)});
      });
    }
    if (!s->traded) {
      s->traded = true;
      traded.push_back(s);
    }
  }

  void keep(SymbolState& s, int tf, const Bar& b) {
    auto& d = s.done[tf];
    // Seeded history that reaches this bar's time is superseded by the feed: the feed knows better.
    while (!d.empty() && d.back().time_ms >= b.time_ms) d.pop_back();
    d.push_back(b);
    while (d.size() > config.max_bars) d.pop_front();
  }

  void on_trading_state(std::uint16_t locate, char state) {
    SymbolState* s = at(locate);
    if (!s || s->trading_state == state) return;
    s->trading_state = state;
    statuses.push_back({s, state});
  }

  LiveConfig config;
  Sink sink;
  std::unique_ptr<book::BookSet<Sink>> books;  // replaced whole at a new session
  std::deque<SymbolState> states;              // stable addresses
  std::map<std::string, SymbolState*, std::less<>> by_name;
  std::vector<SymbolState*> by_locate;
  itch::FeedStats stats;
  LiveListener* listener = nullptr;
  mutable WriterFirstMutex mu;

  // Events of the batch being applied.
  struct TradeOut {
    SymbolState* s;
    Trade t;
  };
  struct BarOut {
    SymbolState* s;
    Timeframe tf;
    Bar b;
  };
  std::vector<TradeOut> trades;
  std::vector<SymbolState*> dirty_quotes;
  std::vector<BarOut> finished;
  std::vector<SymbolState*> traded;
  std::vector<std::pair<SymbolState*, char>> statuses;
};

LiveMarket::LiveMarket(const LiveConfig& config) : impl_(std::make_unique<Impl>(config)) {}
LiveMarket::~LiveMarket() = default;

void LiveMarket::set_listener(LiveListener* listener) {
  impl_->listener = listener;
}

itch::ReadResult LiveMarket::apply(const std::uint8_t* frames, std::size_t size, bool final) {
  Impl& m = *impl_;
  itch::ReadResult r;
  // Events leave the lock as copies (names and values), so readers are not held up by listeners.
  struct QuoteEvent {
    std::string_view symbol;
    Quote q;
  };
  std::vector<QuoteEvent> quotes;
  std::vector<std::pair<std::string_view, Bar>> forming[2];
  {
    std::unique_lock lock(m.mu);
    Impl::Tap tap(&m);
    itch::ReadOptions options;
    options.final = final;
    options.base_offset = m.stats.bytes;
    r = itch::read_framed(frames, size, tap, m.stats, options);
    for (SymbolState* s : m.dirty_quotes) {
      s->quote_dirty = false;
      quotes.push_back({s->name, s->quote});
    }
    m.dirty_quotes.clear();
    for (SymbolState* s : m.traded) {
      s->traded = false;
      for (int tf = 0; tf < 2; ++tf) {
        if (const bars::TradeBar* b = s->builder[tf].forming())
          forming[tf].emplace_back(s->name, m.to_bar(*b));
      }
    }
    m.traded.clear();
  }
  // Symbol names live in `states` (a deque, never erased), so the views stay valid unlocked.
  auto trades = std::move(m.trades);
  auto finished = std::move(m.finished);
  auto statuses = std::move(m.statuses);
  m.trades.clear();
  m.finished.clear();
  m.statuses.clear();
  if (LiveListener* l = m.listener) {
    for (const auto& [s, state] : statuses) l->on_status(s->name, state);
    for (const auto& t : trades) l->on_trade(t.s->name, t.t);
    for (const auto& q : quotes) l->on_quote(q.symbol, q.q);
    for (const auto& b : finished) l->on_bar(b.s->name, b.tf, b.b, true);
    for (int tf = 0; tf < 2; ++tf) {
      for (const auto& [name, bar] : forming[tf])
        l->on_bar(name, static_cast<Timeframe>(tf), bar, false);
    }
  }
  return r;
}

void LiveMarket::start_session(std::int64_t session_midnight_ms) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  // Bars in progress belong to the old day: finish them.
  for (SymbolState& s : m.states) {
    for (int tf = 0; tf < 2; ++tf)
      s.builder[tf].flush([&](const bars::TradeBar& b) { m.keep(s, tf, m.to_bar(b)); });
    s.quote = Quote{};
    s.locate = 0;
    s.quote_dirty = s.traded = false;
  }
  m.by_locate.clear();
  m.dirty_quotes.clear();
  m.traded.clear();
  m.books = std::make_unique<book::BookSet<Impl::Sink>>(&m.sink, m.config.expected_live_orders);
  m.config.session_midnight_ms = session_midnight_ms;
}

void LiveMarket::seed_bars(std::string_view symbol, Timeframe tf, const std::vector<Bar>& bars) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  SymbolState& s = m.state_named(symbol);
  auto& d = s.done[static_cast<int>(tf)];
  const std::int64_t limit = d.empty() ? INT64_MAX : d.front().time_ms;
  std::vector<Bar> older;
  for (const Bar& b : bars) {
    if (b.time_ms < limit) older.push_back(b);
  }
  d.insert(d.begin(), older.begin(), older.end());
  while (d.size() > m.config.max_bars) d.pop_front();
}

std::vector<SymbolStatus> LiveMarket::symbols() const {
  std::shared_lock lock(impl_->mu);
  std::vector<SymbolStatus> out;
  for (const auto& [name, s] : impl_->by_name) {
    std::uint32_t last = s->quote.last;
    if (!last && !s->done[1].empty()) last = s->done[1].back().close;
    out.push_back({name, last, s->trading_state});
  }
  return out;
}

bool LiveMarket::has_symbol(std::string_view symbol) const {
  std::shared_lock lock(impl_->mu);
  return impl_->by_name.count(symbol) > 0;
}

std::optional<Quote> LiveMarket::quote(std::string_view symbol) const {
  std::shared_lock lock(impl_->mu);
  auto it = impl_->by_name.find(symbol);
  if (it == impl_->by_name.end()) return std::nullopt;
  return it->second->quote;
}

std::optional<LiveMarket::Depth> LiveMarket::book(std::string_view symbol,
                                                  std::size_t depth) const {
  std::shared_lock lock(impl_->mu);
  auto it = impl_->by_name.find(symbol);
  if (it == impl_->by_name.end()) return std::nullopt;
  Depth d;
  if (const std::uint16_t loc = it->second->locate) {
    d.bids = impl_->books->depth(loc, book::Side::buy, static_cast<long>(depth));
    d.asks = impl_->books->depth(loc, book::Side::sell, static_cast<long>(depth));
  }
  return d;
}

std::optional<std::vector<Bar>> LiveMarket::bars(std::string_view symbol, Timeframe tf,
                                                 std::int64_t from_ms, std::int64_t to_ms,
                                                 std::size_t limit) const {
  std::shared_lock lock(impl_->mu);
  auto it = impl_->by_name.find(symbol);
  if (it == impl_->by_name.end()) return std::nullopt;
  const SymbolState& s = *it->second;
  const auto& d = s.done[static_cast<int>(tf)];
  std::optional<Bar> forming;
  if (const bars::TradeBar* b = s.builder[static_cast<int>(tf)].forming())
    forming = impl_->to_bar(*b);
  // The newest `limit` bars starting in [from, to]: walk back from the end.
  std::vector<Bar> out;
  if (forming && forming->time_ms >= from_ms && forming->time_ms <= to_ms && limit)
    out.push_back(*forming);
  auto end = std::upper_bound(d.begin(), d.end(), to_ms,
                              [](std::int64_t t, const Bar& b) { return t < b.time_ms; });
  while (end != d.begin() && out.size() < limit) {
    --end;
    if (end->time_ms < from_ms) break;
    out.push_back(*end);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

itch::FeedStats LiveMarket::feed_stats() const {
  std::shared_lock lock(impl_->mu);
  return impl_->stats;
}

std::uint64_t LiveMarket::messages() const {
  std::shared_lock lock(impl_->mu);
  return impl_->stats.messages;
}

}  // namespace sp::market::live
