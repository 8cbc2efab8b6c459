// Aligning several bar tables on time, for measures across assets (portfolio risk, correlation).
//
// align_closes is an INNER JOIN on the time column: a time is kept when every table has a bar at
// it and that bar's close is finite (a missing close in any table drops the time for all, so the
// series stay aligned). The result is in ascending time order, whatever the files' order (some
// sources write newest first). A table with the same time twice is an error, as is, when there are
// two or more tables, a table without a time column (its row numbers are no dates to join on).
// One table is passed through (sorted, missing closes dropped). Tables without a close column are
// an error. Messages name the table by the name given for it. Nothing here throws.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "market/ohlcv_file.h"

namespace sp::market {

struct AlignedCloses {
  std::vector<std::int64_t> time_ms;           // ascending
  std::vector<std::vector<std::size_t>> rows;  // rows[k][t]: table k's row at time t
  std::vector<std::vector<double>> closes;     // closes[k][t]: table k's close at time t
  std::size_t dropped_missing = 0;  // common times dropped for a missing (non-finite) close
  std::string error;                // empty on success
  bool ok() const { return error.empty(); }
};

// REQUIRES names.size() == tables.size().
AlignedCloses align_closes(std::span<const OhlcvTable* const> tables,
                           std::span<const std::string> names);

}  // namespace sp::market
