// SessionVwap: each stock's volume-weighted average price over the regular trading session, from
// the trades an ITCH 5.0 book set reports (book_listener.h).
//
//   SessionVwap vwap;
//   vwap.on_system_event(m.event_code);      // every System Event (S) message, in feed order
//   vwap.add(trade);                         // every TradeEvent, in feed order
//   double v = vwap.of(locate).value();      // dollars; NaN while the session has no volume
//
// VWAP = sum(price x shares) / sum(shares) over the trades that count. What counts, and why:
//  - Printable trades only: E (Order Executed), C (Executed With Price) with printable 'Y', P
//    (non-cross Trade) and Q (Cross Trade). NASDAQ sends the executions of a cross as C with
//    printable 'N' and prints the cross once in its Q message, so counting Q and skipping
//    non-printable C counts the opening and closing cross exactly once. These are the trades the
//    bars count (itch_bars.h), so the session's VWAP volume is the bars' volume in the session.
//  - The session is regular market hours. System Event 'Q' (start of market hours, 09:30) starts
//    it: every stock's sums go back to zero. Between 'Q' and 'M' (end of market hours, 16:00)
//    every printable trade counts. After 'M' only cross trades count: the closing cross is
//    printed at the close and may reach the feed just after 'M'; after-hours trades do not.
//    Before 'Q' (after 'O' start of messages or 'S' start of system hours: pre-market) nothing
//    counts. A feed that has not sent any System Event (a file cut from the middle of a day, a
//    stream joined late) has no session boundary to go by: everything printable counts until a
//    'Q' resets.
//  - Trades of zero shares (a cross that matched nothing) add nothing and are not counted.
//  - Broken trades (B) are not taken back: that would need every trade of the day kept by match
//    number. They are rare (a clearly erroneous execution); a consumer that needs them exact
//    must correct for them itself.
//
// Sums are exact integers (price in Price(4) ticks x shares in 128 bits, shares in 64), so the
// result does not depend on the order of additions and two implementations can agree exactly.
// Per stock locate a 32-byte slot, grown on first use of a locate (at most 65,536 of them); no
// allocation per trade after that. Not thread-safe; copyable.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "market/book/book_listener.h"

namespace sp::market::bars {

struct VwapTotals {
  unsigned __int128 notional = 0;  // sum of price (Price(4) ticks) x shares
  std::uint64_t volume = 0;        // sum of shares
  std::uint64_t trades = 0;        // trades counted

  // Dollars; NaN when no share has counted yet.
  double value() const {
    if (volume == 0) return std::numeric_limits<double>::quiet_NaN();
    // long double keeps the quotient's rounding to one step: notional fits its 64-bit mantissa
    // for any real day (2^64 ticks x shares = $1.8e15 notional for one stock in one session).
    return static_cast<double>(static_cast<long double>(notional) /
                               static_cast<long double>(volume) / 10000.0L);
  }
  bool operator==(const VwapTotals&) const = default;
};

class SessionVwap {
 public:
  // Feed every System Event's code here in feed order ('Q' resets every stock).
  void on_system_event(char code) {
    switch (code) {
      case 'Q':
        for (VwapTotals& t : totals_) t = VwapTotals{};
        [[fallthrough]];
      case 'O':
      case 'S':
      case 'M':
      case 'E':
      case 'C':
        phase_ = code;
        break;
      default:
        break;
    }
  }

  // Whether `t` counts in its stock's session VWAP now (see the rules above).
  bool counts(const book::TradeEvent& t) const {
    if (!t.printable || t.shares == 0) return false;
    switch (phase_) {
      case 0:
      case 'Q':
        return true;
      case 'M':
      case 'E':
      case 'C':
        return t.source == book::TradeSource::cross;
      default:  // 'O', 'S': before the market opens
        return false;
    }
  }

  // Adds `t` to its stock's sums when it counts; returns whether it did.
  bool add(const book::TradeEvent& t) {
    if (!counts(t)) return false;
    if (t.locate >= totals_.size()) totals_.resize(std::size_t(t.locate) + 1);
    VwapTotals& s = totals_[t.locate];
    s.notional += static_cast<unsigned __int128>(t.price) * t.shares;
    s.volume += t.shares;
    ++s.trades;
    return true;
  }

  // The sums of a locate so far this session (zero for a locate with no counted trade).
  const VwapTotals& of(std::uint16_t locate) const {
    static const VwapTotals kNone{};
    return locate < totals_.size() ? totals_[locate] : kNone;
  }

  // The last session phase seen ('O' 'S' 'Q' 'M' 'E' 'C'), 0 before any System Event.
  char phase() const { return phase_; }

 private:
  std::vector<VwapTotals> totals_;  // by locate
  char phase_ = 0;
};

}  // namespace sp::market::bars
