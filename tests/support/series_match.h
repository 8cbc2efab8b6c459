// Comparing an indicator's output with a reference (TA-Lib) the way the issue defines "matching":
// every value within 1e-9 x max(1, |reference|), warm-up positions included (NaN where the
// reference has no value, a number where it has one).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace sp::testing {

inline ::testing::AssertionResult series_match(const std::vector<double>& ours,
                                               const std::vector<double>& ref, double tol = 1e-9) {
  if (ours.size() != ref.size()) {
    return ::testing::AssertionFailure()
           << "length " << ours.size() << " vs reference " << ref.size();
  }
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const bool a = std::isnan(ours[i]), b = std::isnan(ref[i]);
    if (a != b) {
      return ::testing::AssertionFailure()
             << "at " << i << ": ours " << ours[i] << ", reference " << ref[i]
             << (a ? " (we are still warming up)" : " (reference is warming up)");
    }
    if (!a && !(std::fabs(ours[i] - ref[i]) <= tol * std::max(1.0, std::fabs(ref[i])))) {
      return ::testing::AssertionFailure() << "at " << i << ": ours " << ours[i] << ", reference "
                                           << ref[i] << " (diff " << ours[i] - ref[i] << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sp::testing
