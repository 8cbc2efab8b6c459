// How gtest prints the store's records in a failure message (found by argument-dependent lookup).
#pragma once

#include <ostream>

#include "store/records.h"

namespace sp::store {

inline void PrintTo(const StoredBar& b, std::ostream* os) {
  const auto precision = os->precision(17);  // a difference in the last bit shows
  *os << "{" << b.symbol << " " << b.timeframe << " " << b.start_ms << " o=" << b.open
      << " h=" << b.high << " l=" << b.low << " c=" << b.close << " v=" << b.volume
      << " n=" << b.trades << "}";
  os->precision(precision);
}

inline void PrintTo(const StoredTrade& t, std::ostream* os) {
  *os << "{" << t.symbol << " t=" << t.time_ns << " px=" << t.price << " sh=" << t.shares
      << " match=" << t.match_number << " side='" << t.side << "' seq=" << t.source_seq << "}";
}

}  // namespace sp::store
