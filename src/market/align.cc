#include "market/align.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sp::market {
namespace {

// Row indices of `t` sorted by time; "" or a message when a time repeats.
std::string sorted_rows(const OhlcvTable& t, const std::string& name,
                        std::vector<std::size_t>* out) {
  out->resize(t.size());
  std::iota(out->begin(), out->end(), std::size_t{0});
  std::stable_sort(out->begin(), out->end(),
                   [&](std::size_t a, std::size_t b) { return t.time_ms[a] < t.time_ms[b]; });
  for (std::size_t i = 1; i < out->size(); ++i) {
    const std::size_t a = (*out)[i - 1], b = (*out)[i];
    if (t.time_ms[a] == t.time_ms[b]) {
      return name + ": time '" + t.time_text[b] + "' appears twice (rows " + std::to_string(a + 1) +
             " and " + std::to_string(b + 1) + " after the header)";
    }
  }
  return "";
}

}  // namespace

AlignedCloses align_closes(std::span<const OhlcvTable* const> tables,
                           std::span<const std::string> names) {
  AlignedCloses r;
  const std::size_t k_count = tables.size();
  for (std::size_t k = 0; k < k_count; ++k) {
    if (!(tables[k]->columns & core::kClose)) {
      r.error = names[k] + ": no close column";
      return r;
    }
    if (k_count > 1 && !(tables[k]->columns & core::kTime)) {
      r.error = names[k] + ": no time column (date, time, timestamp or datetime) to align on";
      return r;
    }
  }
  std::vector<std::vector<std::size_t>> order(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    if (std::string e = sorted_rows(*tables[k], names[k], &order[k]); !e.empty()) {
      r.error = std::move(e);
      return r;
    }
  }
  r.rows.resize(k_count);
  r.closes.resize(k_count);
  if (k_count == 0) return r;
  // Merge: advance a cursor per table; a time is common when every cursor sits on it.
  std::vector<std::size_t> pos(k_count, 0);
  const auto time_at = [&](std::size_t k) { return tables[k]->time_ms[order[k][pos[k]]]; };
  while (true) {
    bool done = false;
    std::int64_t target = 0;
    for (std::size_t k = 0; k < k_count; ++k) {
      if (pos[k] >= order[k].size()) {
        done = true;
        break;
      }
      target = k == 0 ? time_at(k) : std::max(target, time_at(k));
    }
    if (done) break;
    bool all = true;
    for (std::size_t k = 0; k < k_count; ++k) {
      while (pos[k] < order[k].size() && time_at(k) < target) ++pos[k];
      if (pos[k] >= order[k].size()) {
        done = true;
        break;
      }
      all &= time_at(k) == target;
    }
    if (done) break;
    if (!all) continue;
    bool finite = true;
    for (std::size_t k = 0; k < k_count; ++k) {
      finite &= std::isfinite(tables[k]->close[order[k][pos[k]]]);
    }
    if (finite) {
      r.time_ms.push_back(target);
      for (std::size_t k = 0; k < k_count; ++k) {
        const std::size_t row = order[k][pos[k]];
        r.rows[k].push_back(row);
        r.closes[k].push_back(tables[k]->close[row]);
      }
    } else {
      ++r.dropped_missing;
    }
    for (std::size_t k = 0; k < k_count; ++k) ++pos[k];
  }
  return r;
}

}  // namespace sp::market
