// Reading OHLCV bar files: CSV or TSV with a header row.
//
// Columns are found by name, case-insensitive: a time column (`date`, `time`, `timestamp`,
// `datetime`), `open`, `high`, `low`, `close`, `volume`; other columns (an unnamed leading index,
// `Adj Close`) are ignored. The separator is a tab if the header has one, else a comma. Times are
// ISO dates or date-times (`2020-08-28`, `2020-08-28 15:30:00`, `2020-08-28T15:30:00.250Z`, UTC) or
// epoch milliseconds. An empty field, `NaN` or `null` reads as NaN (the indicators' non-finite
// policy then applies); anything else that is not a number is an error naming the file, line and
// column. Nothing here throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"

namespace sp::market {

struct OhlcvTable {
  std::vector<std::string> time_text;  // as written in the file, for echoing back
  std::vector<std::int64_t> time_ms;
  std::vector<double> open, high, low, close, volume;
  unsigned columns = 0;  // sp::core::Input mask of the columns the file has

  std::size_t size() const { return time_ms.size(); }
  // A view whose pointers are null for absent columns.
  core::OhlcvView view() const;
};

struct OhlcvReadResult {
  OhlcvTable table;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// Parses `text`; `source` names the input in error messages (a path, "<stdin>").
OhlcvReadResult parse_ohlcv(std::string_view text, std::string_view source);

// Reads and parses the file at `path`.
OhlcvReadResult read_ohlcv_file(const std::string& path);

// Parses an ISO date/date-time or epoch milliseconds into epoch milliseconds (UTC). False if
// malformed.
bool parse_time(std::string_view text, std::int64_t* ms);

// Formats epoch milliseconds as ISO 8601 UTC: `2020-08-28T15:30:00Z` (milliseconds only if
// nonzero).
std::string format_time(std::int64_t ms);

}  // namespace sp::market
