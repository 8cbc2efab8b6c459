#include "market/sim/market_simulator.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "market/itch/encoder.h"
#include "market/sim/ticker_names.h"

namespace sp::market::sim {
namespace {

constexpr std::uint64_t kSecond = 1'000'000'000;
constexpr std::uint64_t kStartOfMessages = (3 * 3600 + 5 * 60) * kSecond;  // 03:05
constexpr std::uint64_t kStartOfSystemHours = 4 * 3600 * kSecond;          // 04:00
constexpr std::uint64_t kMarketOpen = (9 * 3600 + 30 * 60) * kSecond;      // 09:30
constexpr std::uint64_t kMarketClose = 16 * 3600 * kSecond;                // 16:00
constexpr std::uint64_t kEndOfSystemHours = 20 * 3600 * kSecond;           // 20:00
constexpr std::uint64_t kEndOfMessages = (20 * 3600 + 5 * 60) * kSecond;   // 20:05

// Flow mix, cumulative per mille of order events (before the conversions that keep the books
// valid: an add to a full book becomes a delete, a removal from an empty one an add...).
constexpr std::uint32_t kAddBelow = 440;      // A  44.0%
constexpr std::uint32_t kAddMpidBelow = 460;  // F   2.0%
constexpr std::uint32_t kDeleteBelow = 810;   // D  35.0%
constexpr std::uint32_t kCancelBelow = 870;   // X   6.0%
constexpr std::uint32_t kReplaceBelow = 920;  // U   5.0%
constexpr std::uint32_t kExecuteBelow = 970;  // E 4.5%, C 0.5% (execute() picks)
                                              // P   3.0%

constexpr double kBurstStart = 0.01;      // chance a calm message starts a burst
constexpr double kBurstContinue = 0.975;  // burst length: 1 + geometric, mean 40
constexpr std::uint32_t kBurstCap = 400;
constexpr double kBurstOnSymbol = 0.75;  // share of a burst's messages on the burst's symbol
constexpr double kBurstGap = 0.02;       // burst gaps, relative to the day's mean gap
constexpr double kWalkChance = 0.08;     // chance an event on a symbol moves its fair price
constexpr double kRegShoPerMessage = 5e-6;

constexpr std::array<std::string_view, 8> kMpids = {"GSCO", "MSCO", "JPMS", "UBSS",
                                                    "CDEL", "VIRT", "NITE", "SUSQ"};

}  // namespace

std::string validate(const SimConfig& c) {
  if (c.symbols < 1 || c.symbols > 65535)
    return "symbols must be between 1 and 65535 (ITCH stock locates are 16 bits), got " +
           std::to_string(c.symbols);
  if (!(c.zipf_exponent >= 0 && c.zipf_exponent <= 3))
    return "zipf exponent must be between 0 and 3, got " + std::to_string(c.zipf_exponent);
  if (c.max_orders_per_symbol < 2 || c.max_orders_per_symbol > 100'000)
    return "max orders per symbol must be between 2 and 100000, got " +
           std::to_string(c.max_orders_per_symbol);
  if (!(c.halts_per_million >= 0 && c.halts_per_million <= 1000))
    return "halts per million must be between 0 and 1000, got " +
           std::to_string(c.halts_per_million);
  if (c.messages > (std::uint64_t{1} << 48))
    return "messages must be at most 2^48, got " + std::to_string(c.messages);
  return "";
}

MarketSimulator::MarketSimulator(const SimConfig& config)
    : config_(config), rng_(config.seed), names_(make_ticker_names(config.symbols, config.seed)) {
  const std::uint32_t n = config_.symbols;
  symbols_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    Symbol& s = symbols_[i];
    s.stock = itch::make_stock(names_[i]);
    // $5 .. $500, log-uniform, in cents.
    s.fair = std::llround(500.0 * std::exp(rng_.uniform() * std::log(100.0)));
    s.step = s.fair < 5'000 ? 1 : s.fair < 20'000 ? 2 : 5;
  }

  // Walker's alias table over Zipf weights 1/k^s: one uniform integer and one uniform double a
  // draw, whatever the number of symbols.
  std::vector<double> w(n);
  double sum = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    w[i] =
        config_.zipf_exponent == 1.0 ? 1.0 / (i + 1.0) : std::pow(i + 1.0, -config_.zipf_exponent);
    sum += w[i];
  }
  alias_prob_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<std::uint32_t> small, large;
  for (std::uint32_t i = 0; i < n; ++i) {
    w[i] = w[i] * n / sum;
    alias_[i] = i;
    (w[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t lo = small.back();
    small.pop_back();
    const std::uint32_t hi = large.back();
    alias_prob_[lo] = w[lo];
    alias_[lo] = hi;
    w[hi] = (w[hi] + w[lo]) - 1.0;
    if (w[hi] < 1.0) {
      large.pop_back();
      small.push_back(hi);
    }
  }
  // Leftovers (rounding) keep probability 1 and alias themselves.

  const double mean_burst = 1.0 + kBurstContinue / (1.0 - kBurstContinue);
  burst_fraction_ = mean_burst / (mean_burst + 1.0 / kBurstStart);
}

template <class M>
std::size_t MarketSimulator::emit(M& m, std::uint16_t locate, std::uint8_t* out) {
  m.stock_locate = locate;
  m.tracking_number = 0;
  m.timestamp_ns = now_ns_;
  return itch::encode_framed(m, out);
}

std::size_t MarketSimulator::next(std::uint8_t* out) {
  const std::uint64_t n = config_.symbols;
  const std::uint64_t k = emitted_;
  const std::uint64_t flow_end = n + 3 + config_.messages;  // index of S 'M'
  std::size_t len = 0;
  auto system_event = [&](char code, std::uint64_t at) {
    now_ns_ = std::max(now_ns_, at);
    itch::SystemEvent m;
    m.event_code = code;
    return emit(m, 0, out);
  };
  if (k == 0) {
    len = system_event('O', kStartOfMessages);
  } else if (k <= n) {
    const auto locate = static_cast<std::uint16_t>(k);
    now_ns_ = kStartOfMessages + k * 1000;
    itch::StockDirectory m;
    m.stock = symbols_[k - 1].stock;
    m.market_category = k * 3 <= n ? 'Q' : k * 3 <= 2 * n ? 'G' : 'S';
    m.financial_status_indicator = 'N';
    m.round_lot_size = 100;
    m.round_lots_only = 'N';
    m.issue_classification = 'C';
    m.issue_sub_type = {'Z', ' '};
    m.authenticity = 'P';
    m.short_sale_threshold_indicator = 'N';
    m.ipo_flag = 'N';
    m.luld_reference_price_tier = k <= 1000 ? '1' : '2';
    m.etp_flag = 'N';
    m.etp_leverage_factor = 0;
    m.inverse_indicator = 'N';
    len = emit(m, locate, out);
  } else if (k == n + 1) {
    len = system_event('S', kStartOfSystemHours);
  } else if (k == n + 2) {
    len = system_event('Q', kMarketOpen);
  } else if (k < flow_end) {
    len = flow_message(out);
    ++flow_index_;
  } else if (k == flow_end) {
    len = system_event('M', kMarketClose);
  } else if (k == flow_end + 1) {
    len = system_event('E', kEndOfSystemHours);
  } else if (k == flow_end + 2) {
    len = system_event('C', kEndOfMessages);
  } else {
    return 0;
  }
  ++emitted_;
  return len;
}

void MarketSimulator::advance_time() {
  // The mean gap is what is left of the session over the messages left, so the flow always ends
  // just before the close; bursts take a small share of it and calm stretches the rest.
  const std::uint64_t left_ns = kMarketClose - now_ns_;
  const double left_msgs = static_cast<double>(config_.messages - flow_index_);
  const double base = static_cast<double>(left_ns) / left_msgs;
  const double factor =
      burst_left_ > 0 ? kBurstGap : (1.0 - burst_fraction_ * kBurstGap) / (1.0 - burst_fraction_);
  const double gap = rng_.exponential(base * factor);
  const std::uint64_t cap = left_ns / 2;  // never reach the close
  now_ns_ += std::min(static_cast<std::uint64_t>(gap), cap);
}

std::uint16_t MarketSimulator::pick_symbol() {
  if (burst_left_ > 0) {
    --burst_left_;
    if (rng_.chance(kBurstOnSymbol)) return burst_locate_;
  }
  return draw_symbol();
}

std::uint16_t MarketSimulator::draw_symbol() {
  const auto i = static_cast<std::uint32_t>(rng_.below(alias_.size()));
  return static_cast<std::uint16_t>((rng_.uniform() < alias_prob_[i] ? i : alias_[i]) + 1);
}

std::size_t MarketSimulator::flow_message(std::uint8_t* out) {
  advance_time();
  if (!scheduled_.empty() && scheduled_.front().at <= flow_index_) {
    const Scheduled e = scheduled_.front();
    scheduled_.erase(scheduled_.begin());
    return scheduled_event(e, out);
  }
  if (burst_left_ == 0 && rng_.chance(kBurstStart)) {
    burst_left_ = 1 + rng_.geometric(kBurstContinue, kBurstCap);
    burst_locate_ = draw_symbol();
  }
  if (config_.halts_per_million > 0 && rng_.chance(config_.halts_per_million * 1e-6)) {
    if (const std::size_t len = start_halt(out)) return len;
  }
  if (rng_.chance(kRegShoPerMessage)) return reg_sho(out);
  return order_event(out);
}

std::size_t MarketSimulator::order_event(std::uint8_t* out) {
  const std::uint16_t locate = pick_symbol();
  Symbol& s = symbols_[locate - 1];
  if (rng_.chance(kWalkChance)) {
    s.fair += rng_.chance(0.5) ? std::int64_t{s.step} : -std::int64_t{s.step};
    if (s.fair < 100) s.fair = 200 - s.fair;  // reflect at $1
  }
  const auto r = static_cast<std::uint32_t>(rng_.below(1000));
  if (r < kAddBelow) return add(locate, 'A', out);
  if (r < kAddMpidBelow) return add(locate, 'F', out);
  if (r < kDeleteBelow) return remove_or_cancel(locate, false, out);
  if (r < kCancelBelow) return remove_or_cancel(locate, true, out);
  if (r < kReplaceBelow) return replace(locate, out);
  if (r < kExecuteBelow) return execute(locate, out);
  return hidden_trade(locate, out);
}

std::uint32_t MarketSimulator::draw_shares() {
  const std::uint64_t r = rng_.below(100);
  if (r < 8) return static_cast<std::uint32_t>(1 + rng_.below(99));            // odd lot
  if (r < 10) return static_cast<std::uint32_t>(1000 + 100 * rng_.below(41));  // block
  return 100 * (1 + rng_.geometric(0.55, 30));                                 // round lots
}

std::int64_t MarketSimulator::book_mid(const Symbol& s) const {
  if (s.levels[0].empty() || s.levels[1].empty()) return s.fair;
  return (std::int64_t{s.levels[0].back().price} + s.levels[1].back().price) / 2;
}

std::uint32_t MarketSimulator::add_price(const Symbol& s, std::uint8_t side) {
  const std::int64_t d = std::int64_t{s.step} * (1 + rng_.geometric(0.5, 60));
  std::int64_t p;
  if (side == 0) {
    p = s.fair - d;
    if (!s.levels[1].empty()) p = std::min<std::int64_t>(p, s.levels[1].back().price - 1);
    p = std::max<std::int64_t>(p, 1);
  } else {
    p = s.fair + d;
    if (!s.levels[0].empty()) p = std::max<std::int64_t>(p, s.levels[0].back().price + 1);
  }
  return static_cast<std::uint32_t>(p);
}

std::uint32_t MarketSimulator::insert_order(Symbol& s, std::uint8_t side, std::uint32_t price,
                                            std::uint32_t shares, std::uint64_t ref) {
  std::uint32_t idx;
  if (!s.free.empty()) {
    idx = s.free.back();
    s.free.pop_back();
  } else {
    idx = static_cast<std::uint32_t>(s.orders.size());
    s.orders.emplace_back();
  }
  Order& o = s.orders[idx];
  o.ref = ref;
  o.price = price;
  o.shares = shares;
  o.next = kNone;
  o.side = side;
  o.live_pos = static_cast<std::uint32_t>(s.live.size());
  s.live.push_back(idx);
  ++live_orders_;

  // New orders land near the touch, so the level is found walking in from the best end.
  auto& lv = s.levels[side];
  auto better = [side](std::uint32_t a, std::uint32_t b) { return side == 0 ? a > b : a < b; };
  std::size_t i = lv.size();
  while (i > 0 && better(lv[i - 1].price, price)) --i;
  if (i > 0 && lv[i - 1].price == price) {
    Level& l = lv[i - 1];
    o.prev = l.tail;
    s.orders[l.tail].next = idx;
    l.tail = idx;
  } else {
    o.prev = kNone;
    lv.insert(lv.begin() + static_cast<std::ptrdiff_t>(i), Level{price, idx, idx});
  }
  return idx;
}

void MarketSimulator::erase_order(Symbol& s, std::uint32_t idx) {
  const Order o = s.orders[idx];
  // Removals hit any live order, so the level is found by binary search (worst..best order).
  auto& lv = s.levels[o.side];
  const auto it =
      o.side == 0 ? std::lower_bound(lv.begin(), lv.end(), o.price,
                                     [](const Level& l, std::uint32_t p) { return l.price < p; })
                  : std::lower_bound(lv.begin(), lv.end(), o.price,
                                     [](const Level& l, std::uint32_t p) { return l.price > p; });
  Level& l = *it;
  if (o.prev != kNone)
    s.orders[o.prev].next = o.next;
  else
    l.head = o.next;
  if (o.next != kNone)
    s.orders[o.next].prev = o.prev;
  else
    l.tail = o.prev;
  if (l.head == kNone) lv.erase(it);

  const std::uint32_t last = s.live.back();
  s.live[o.live_pos] = last;
  s.orders[last].live_pos = o.live_pos;
  s.live.pop_back();
  s.free.push_back(idx);
  --live_orders_;
}

std::size_t MarketSimulator::add(std::uint16_t locate, char type, std::uint8_t* out) {
  Symbol& s = symbols_[locate - 1];
  if (s.live.size() >= config_.max_orders_per_symbol) return remove_or_cancel(locate, false, out);
  std::uint8_t side = rng_.chance(0.5) ? 0 : 1;
  // A buy needs a price below the best ask; at an ask of one cent there is none.
  if (side == 0 && !s.levels[1].empty() && s.levels[1].back().price <= 1) side = 1;
  const std::uint32_t price = add_price(s, side);
  const std::uint32_t shares = draw_shares();
  const std::uint64_t ref = next_ref_++;
  insert_order(s, side, price, shares, ref);
  const char bs = side == 0 ? 'B' : 'S';
  if (type == 'F') {
    itch::AddOrderMpid m;
    m.order_reference_number = ref;
    m.buy_sell_indicator = bs;
    m.shares = shares;
    m.stock = s.stock;
    m.price = price * 100;
    m.attribution = itch::make_alpha<4>(kMpids[rng_.below(kMpids.size())]);
    return emit(m, locate, out);
  }
  itch::AddOrder m;
  m.order_reference_number = ref;
  m.buy_sell_indicator = bs;
  m.shares = shares;
  m.stock = s.stock;
  m.price = price * 100;
  return emit(m, locate, out);
}

std::size_t MarketSimulator::remove_or_cancel(std::uint16_t locate, bool partial,
                                              std::uint8_t* out) {
  Symbol& s = symbols_[locate - 1];
  if (s.live.empty()) return add(locate, 'A', out);
  const std::uint32_t idx = s.live[rng_.below(s.live.size())];
  Order& o = s.orders[idx];
  if (partial && o.shares >= 2) {
    std::uint32_t cancelled;
    if (o.shares > 100 && rng_.chance(0.7))
      cancelled = 100 * static_cast<std::uint32_t>(1 + rng_.below((o.shares - 1) / 100));
    else
      cancelled = static_cast<std::uint32_t>(1 + rng_.below(o.shares - 1));
    o.shares -= cancelled;
    itch::OrderCancel m;
    m.order_reference_number = o.ref;
    m.cancelled_shares = cancelled;
    return emit(m, locate, out);
  }
  itch::OrderDelete m;
  m.order_reference_number = o.ref;
  erase_order(s, idx);
  return emit(m, locate, out);
}

std::size_t MarketSimulator::replace(std::uint16_t locate, std::uint8_t* out) {
  Symbol& s = symbols_[locate - 1];
  if (s.live.empty()) return add(locate, 'A', out);
  const std::uint32_t idx = s.live[rng_.below(s.live.size())];
  const Order old = s.orders[idx];
  erase_order(s, idx);
  // Either a new size at the same price (already uncrossed: the other side has not moved) or a
  // fresh price near the fair value.
  const std::uint32_t price = rng_.chance(0.4) ? old.price : add_price(s, old.side);
  const std::uint32_t shares = draw_shares();
  const std::uint64_t ref = next_ref_++;
  insert_order(s, old.side, price, shares, ref);
  itch::OrderReplace m;
  m.original_order_reference_number = old.ref;
  m.new_order_reference_number = ref;
  m.shares = shares;
  m.price = price * 100;
  return emit(m, locate, out);
}

std::size_t MarketSimulator::execute(std::uint16_t locate, std::uint8_t* out) {
  Symbol& s = symbols_[locate - 1];
  if (s.halted) return add(locate, 'A', out);
  // Buyers lift the asks more often when the fair price is above the book's mid, and so on.
  const double lean =
      std::clamp(static_cast<double>(s.fair - book_mid(s)) / (4.0 * s.step), -0.4, 0.4);
  std::uint8_t side = rng_.chance(0.5 + lean) ? 1 : 0;  // the resting side that trades
  if (s.levels[side].empty()) side ^= 1;
  if (s.levels[side].empty()) return add(locate, 'A', out);
  const std::uint32_t idx = s.levels[side].back().head;  // best price, oldest order
  Order& o = s.orders[idx];
  std::uint32_t executed = o.shares;
  if (o.shares > 100 && !rng_.chance(0.55))
    executed = std::min(o.shares, 100 * (1 + rng_.geometric(0.5, 20)));
  const std::uint64_t ref = o.ref;
  const std::uint32_t price = o.price;
  const std::uint64_t match = next_match_++;
  if (executed == o.shares)
    erase_order(s, idx);
  else
    o.shares -= executed;
  // One execution in ten is reported with a price (C), as the mix in the header says.
  if (rng_.chance(0.1)) {
    itch::OrderExecutedWithPrice m;
    m.order_reference_number = ref;
    m.executed_shares = executed;
    m.match_number = match;
    m.printable = rng_.chance(0.95) ? 'Y' : 'N';
    m.execution_price = price * 100;
    return emit(m, locate, out);
  }
  itch::OrderExecuted m;
  m.order_reference_number = ref;
  m.executed_shares = executed;
  m.match_number = match;
  return emit(m, locate, out);
}

std::size_t MarketSimulator::hidden_trade(std::uint16_t locate, std::uint8_t* out) {
  Symbol& s = symbols_[locate - 1];
  if (s.halted) return add(locate, 'A', out);
  std::int64_t price = s.fair;
  const bool has_bid = !s.levels[0].empty(), has_ask = !s.levels[1].empty();
  if (has_bid && has_ask) {
    const std::uint32_t bid = s.levels[0].back().price, ask = s.levels[1].back().price;
    price = bid + static_cast<std::int64_t>(rng_.below(ask - bid + 1));
  } else if (has_bid) {
    price = s.levels[0].back().price;
  } else if (has_ask) {
    price = s.levels[1].back().price;
  }
  itch::Trade m;
  m.order_reference_number = 0;  // NASDAQ zeroes it for non-displayed orders
  m.buy_sell_indicator = rng_.chance(0.5) ? 'B' : 'S';
  m.shares = draw_shares();
  m.stock = s.stock;
  m.price = static_cast<std::uint32_t>(std::max<std::int64_t>(price, 1)) * 100;
  m.match_number = next_match_++;
  return emit(m, locate, out);
}

std::size_t MarketSimulator::start_halt(std::uint8_t* out) {
  const std::uint16_t locate = draw_symbol();
  Symbol& s = symbols_[locate - 1];
  if (s.halted) return 0;
  s.halted = true;
  const bool luld = rng_.chance(0.7);
  // A pause of about five minutes of a 6.5-hour day, in messages.
  const double span = static_cast<double>(config_.messages) * (5.0 / 390.0);
  const auto pause = 2 + static_cast<std::uint64_t>(span * (0.5 + rng_.uniform()));
  auto schedule = [&](std::uint64_t at, char what) {
    const Scheduled e{at, locate, what};
    scheduled_.insert(
        std::upper_bound(scheduled_.begin(), scheduled_.end(), e,
                         [](const Scheduled& a, const Scheduled& b) { return a.at < b.at; }),
        e);
  };
  if (luld) schedule(flow_index_ + pause / 2, 'J');
  schedule(flow_index_ + pause, 'T');
  itch::StockTradingAction m;
  m.stock = s.stock;
  m.trading_state = luld ? 'P' : 'H';
  m.reserved = ' ';
  m.reason = itch::make_alpha<4>(luld ? "LUDP" : "T1");
  return emit(m, locate, out);
}

std::size_t MarketSimulator::scheduled_event(const Scheduled& e, std::uint8_t* out) {
  Symbol& s = symbols_[e.locate - 1];
  if (e.what == 'J') {
    const auto ref = static_cast<std::uint32_t>(std::max<std::int64_t>(book_mid(s), 1));
    itch::LuldAuctionCollar m;
    m.stock = s.stock;
    m.auction_collar_reference_price = ref * 100;
    m.upper_auction_collar_price = (ref + std::max<std::uint32_t>(ref / 20, 1)) * 100;
    m.lower_auction_collar_price =
        (ref - std::min(ref - 1, std::max<std::uint32_t>(ref / 20, 1))) * 100;
    m.auction_collar_extension = 0;
    return emit(m, e.locate, out);
  }
  s.halted = false;
  itch::StockTradingAction m;
  m.stock = s.stock;
  m.trading_state = 'T';
  m.reserved = ' ';
  m.reason = itch::make_alpha<4>("");
  return emit(m, e.locate, out);
}

std::size_t MarketSimulator::reg_sho(std::uint8_t* out) {
  const std::uint16_t locate = draw_symbol();
  const std::uint64_t r = rng_.below(10);
  itch::RegShoRestriction m;
  m.stock = symbols_[locate - 1].stock;
  m.reg_sho_action = r < 8 ? '1' : r < 9 ? '2' : '0';
  return emit(m, locate, out);
}

}  // namespace sp::market::sim
