#include "store/query_check.h"

#include <string>

#include "store/batch_check.h"

namespace sp::store {

Status check_bar_query(std::string_view store_name, std::string_view symbol,
                       std::string_view timeframe, std::int64_t from_ms, std::int64_t to_ms) {
  auto fail = [&](const std::string& what) {
    return Status::error(std::string(store_name) + ": bars(" + quoted(symbol) + ", " +
                         quoted(timeframe) + ", " + std::to_string(from_ms) + ", " +
                         std::to_string(to_ms) + "): " + what);
  };
  if (const auto p = symbol_problem(symbol); !p.empty()) return fail(std::string(p));
  if (const auto p = timeframe_problem(timeframe); !p.empty()) return fail(std::string(p));
  if (from_ms > to_ms) {
    return fail("from_ms " + std::to_string(from_ms) + " is after to_ms " + std::to_string(to_ms));
  }
  return {};
}

Status check_trade_query(std::string_view store_name, std::string_view symbol, std::int64_t from_ns,
                         std::int64_t to_ns) {
  auto fail = [&](const std::string& what) {
    return Status::error(std::string(store_name) + ": trades(" + quoted(symbol) + ", " +
                         std::to_string(from_ns) + ", " + std::to_string(to_ns) + "): " + what);
  };
  if (const auto p = symbol_problem(symbol); !p.empty()) return fail(std::string(p));
  if (from_ns > to_ns) {
    return fail("from_ns " + std::to_string(from_ns) + " is after to_ns " + std::to_string(to_ns));
  }
  return {};
}

}  // namespace sp::store
