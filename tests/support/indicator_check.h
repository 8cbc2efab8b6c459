// The checks every indicator passes, in one place, so each group's tests state only what is
// particular to it (the TA-Lib call and the options):
//
//   check_indicator(ind, {20, 2, 2, 0}, table.view(), ref, TA_BBANDS_Lookback(20, 2, 2,
//   TA_MAType_SMA))
//     - batch (batch_<name>) matches the reference: 1e-9 x max(1, |ref|), warm-up positions
//     included;
//     - streaming (make_<name>, update) equals batch within 1e-12 relative;
//     - peek(bar) before each update(bar) returns exactly what the update returns;
//     - reset() then a second pass gives the same values; lookback() equals TA-Lib's.
//   check_nonfinite_policy(ind, opts, table)
//     - bars whose inputs are NaN or +-inf give NaN and leave the state untouched: every other
//       position equals the run over the table with those bars removed.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/bar.h"
#include "core/indicator.h"
#include "market/ohlcv_file.h"
#include "support/series_match.h"

namespace sp::testing {

struct IndicatorUnderTest {
  const char* name;
  std::unique_ptr<core::IndicatorStream> (*make)(std::span<const double>);
  void (*batch)(std::span<const double>, const core::OhlcvView&, double* const*);
  int outputs;
};

inline std::vector<std::vector<double>> run_batch(const IndicatorUnderTest& ind,
                                                  const std::vector<double>& opts,
                                                  const core::OhlcvView& view) {
  std::vector<std::vector<double>> out(ind.outputs, std::vector<double>(view.size));
  std::vector<double*> ptrs;
  for (auto& o : out) ptrs.push_back(o.data());
  ind.batch(opts, view, ptrs.data());
  return out;
}

inline std::vector<std::vector<double>> run_stream(core::IndicatorStream& s,
                                                   const core::OhlcvView& view,
                                                   std::string* peek_error = nullptr) {
  const int n_out = s.outputs();
  std::vector<std::vector<double>> out(n_out, std::vector<double>(view.size));
  std::vector<double> row(n_out), peeked(n_out);
  for (std::size_t i = 0; i < view.size; ++i) {
    const core::Bar bar = view.bar(i);
    s.peek(bar, peeked.data());
    s.update(bar, row.data());
    for (int k = 0; k < n_out; ++k) {
      out[k][i] = row[k];
      const bool same = (std::isnan(peeked[k]) && std::isnan(row[k])) || peeked[k] == row[k];
      if (!same && peek_error && peek_error->empty()) {
        *peek_error = "peek " + std::to_string(peeked[k]) + " != update " + std::to_string(row[k]) +
                      " at bar " + std::to_string(i) + " output " + std::to_string(k);
      }
    }
  }
  return out;
}

inline ::testing::AssertionResult check_indicator(const IndicatorUnderTest& ind,
                                                  const std::vector<double>& opts,
                                                  const core::OhlcvView& view,
                                                  const std::vector<std::vector<double>>& ref,
                                                  int expected_lookback) {
  auto opts_text = [&] {
    std::string s;
    for (double o : opts) s += (s.empty() ? "" : ",") + std::to_string(o);
    return std::string(ind.name) + ":" + s;
  };
  const auto batch = run_batch(ind, opts, view);
  for (int k = 0; k < ind.outputs; ++k) {
    if (auto r = series_match(batch[k], ref[k]); !r) {
      return ::testing::AssertionFailure()
             << opts_text() << " output " << k << " vs TA-Lib: " << r.message();
    }
  }
  auto stream = ind.make(opts);
  if (stream->outputs() != ind.outputs)
    return ::testing::AssertionFailure() << opts_text() << ": outputs()";
  if (stream->lookback() != expected_lookback) {
    return ::testing::AssertionFailure() << opts_text() << ": lookback " << stream->lookback()
                                         << ", TA-Lib " << expected_lookback;
  }
  for (int pass = 0; pass < 2; ++pass) {
    std::string peek_error;
    const auto streamed = run_stream(*stream, view, &peek_error);
    if (!peek_error.empty())
      return ::testing::AssertionFailure() << opts_text() << ": " << peek_error;
    for (int k = 0; k < ind.outputs; ++k) {
      if (auto r = series_match(streamed[k], batch[k], 1e-12); !r) {
        return ::testing::AssertionFailure()
               << opts_text() << (pass ? " after reset()" : "") << " streaming vs batch, output "
               << k << ": " << r.message();
      }
    }
    stream->reset();
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult check_nonfinite_policy(const IndicatorUnderTest& ind,
                                                         const std::vector<double>& opts,
                                                         const market::OhlcvTable& table) {
  if (table.size() < 60)
    return ::testing::AssertionFailure() << "table too short for the non-finite check";
  const std::vector<std::size_t> bad = {3, table.size() / 2, table.size() / 2 + 1,
                                        table.size() - 5};
  market::OhlcvTable dirty = table, clean = table;
  std::vector<std::size_t> keep;
  for (std::size_t i = 0, b = 0; i < table.size(); ++i) {
    if (b < bad.size() && bad[b] == i) {
      const double v = (b % 2) ? std::numeric_limits<double>::infinity() : std::nan("");
      for (auto* col : {&dirty.open, &dirty.high, &dirty.low, &dirty.close, &dirty.volume}) {
        if (!col->empty()) (*col)[i] = v;
      }
      ++b;
    } else {
      keep.push_back(i);
    }
  }
  auto take = [&](const auto& v) {
    std::remove_cvref_t<decltype(v)> out;
    if (v.empty()) return out;
    for (std::size_t i : keep) out.push_back(v[i]);
    return out;
  };
  clean.time_text = take(table.time_text);
  clean.time_ms = take(table.time_ms);
  clean.open = take(table.open);
  clean.high = take(table.high);
  clean.low = take(table.low);
  clean.close = take(table.close);
  clean.volume = take(table.volume);
  const auto d = run_batch(ind, opts, dirty.view());
  const auto c = run_batch(ind, opts, clean.view());
  auto s = ind.make(opts);
  const auto ds = run_stream(*s, dirty.view());
  for (int k = 0; k < ind.outputs; ++k) {
    for (std::size_t i : bad) {
      if (!std::isnan(d[k][i]) || !std::isnan(ds[k][i])) {
        return ::testing::AssertionFailure()
               << ind.name << ": non-finite input at bar " << i << " gave " << d[k][i]
               << " (batch), " << ds[k][i] << " (stream), not NaN";
      }
    }
    std::vector<double> kept, kept_stream;
    for (std::size_t i : keep) {
      kept.push_back(d[k][i]);
      kept_stream.push_back(ds[k][i]);
    }
    if (auto r = series_match(kept, c[k], 1e-12); !r) {
      return ::testing::AssertionFailure()
             << ind.name << " output " << k
             << ": skipping non-finite bars differs from removing them: " << r.message();
    }
    if (auto r = series_match(kept_stream, c[k], 1e-12); !r) {
      return ::testing::AssertionFailure()
             << ind.name << " output " << k << " (stream): " << r.message();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sp::testing
