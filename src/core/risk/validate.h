// The input checks every risk function shares, so that the same mistake gets the same message
// everywhere. Each returns an empty string when the input is acceptable, else the message.
//
// Non-finite policy for the risk layer: unlike the streaming indicators (which skip a bad bar), a
// risk measure over a series has no sensible meaning with a hole in it, so NaN or infinite values
// are rejected with a message naming the series and the first offending index. Callers that want
// to drop missing values must do it (and align the series) before calling.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace sp::core::risk {

// Shortest decimal form that reads back to the same double ("0.99", "1e-05", "nan").
inline std::string format_number(double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

// "returns[17] is NaN" for the first non-finite value of `values`, else "".
inline std::string check_finite(std::span<const double> values, std::string_view what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return std::string(what) + "[" + std::to_string(i) + "] is " +
             (std::isnan(values[i]) ? "NaN" : (values[i] > 0 ? "+infinity" : "-infinity")) +
             " (risk measures need finite values)";
    }
  }
  return {};
}

// Confidence level of a value at risk: strictly between 0 and 1 (0.99 means the 1% tail).
inline std::string check_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    return "confidence " + format_number(confidence) + " is outside (0, 1); use e.g. 0.99";
  }
  return {};
}

// At least `needed` values in `what`.
inline std::string check_count(std::size_t have, std::size_t needed, std::string_view what) {
  if (have < needed) {
    return std::string(what) + " has " + std::to_string(have) + " values; at least " +
           std::to_string(needed) + " are needed";
  }
  return {};
}

}  // namespace sp::core::risk
