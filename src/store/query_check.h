// check_bar_query / check_trade_query: whether a query's arguments make sense, before a backend
// asks its database. A symbol or timeframe that could never be stored, or a range whose start is
// after its end, is an error naming the store, the query and the problem:
//   "./var/x.db: bars(\"AAPL\", \"1m\", 200, 100): from_ms 200 is after to_ms 100".
// A pure function.
#pragma once

#include <cstdint>
#include <string_view>

#include "store/status.h"

namespace sp::store {

Status check_bar_query(std::string_view store_name, std::string_view symbol,
                       std::string_view timeframe, std::int64_t from_ms, std::int64_t to_ms);
Status check_trade_query(std::string_view store_name, std::string_view symbol, std::int64_t from_ns,
                         std::int64_t to_ns);

}  // namespace sp::store
