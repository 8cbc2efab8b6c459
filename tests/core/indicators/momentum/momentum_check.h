// What the momentum tests share: run a check over every real market file, and compare with a
// TA-Lib function through talib_full. Each test states only the TA-Lib call and the options.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "market/ohlcv_file.h"
#include "support/indicator_check.h"
#include "support/shared_data.h"
#include "support/talib_ref.h"

namespace sp::testing {

// Calls body(table, n, file) for every market file; n is the bar count as TA-Lib's int.
template <class Body>
void for_each_market_file(Body&& body) {
  const auto files = market_files();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const market::OhlcvTable t = load_market_file(file);
    ASSERT_GE(t.size(), 60u) << file;
    body(t, static_cast<int>(t.size()), file);
  }
}

}  // namespace sp::testing
