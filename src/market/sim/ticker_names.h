// Stock symbols for the simulator: unique, ticker-like, reproducible from a seed.
//
//   std::vector<std::string> names = make_ticker_names(5000, seed);
//
// Every name is 1-5 uppercase ASCII letters and no two are equal. The first ones are well-known
// NASDAQ tickers (AAPL, MSFT, NVDA, ...) in a fixed order, so that a small simulation looks
// familiar and the most active simulated symbols (the simulator ranks activity by position) carry
// real-looking names; the rest are drawn from the seed with NASDAQ's shape: mostly four letters,
// some three and five, a few one and two. The same (count, seed) always gives the same list.
// REQUIRES: count <= 65535 (an ITCH stock locate is 16 bits; far fewer than the names available).
// Thread safety: a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sp::market::sim {

std::vector<std::string> make_ticker_names(std::uint32_t count, std::uint64_t seed);

// True for 1-5 uppercase ASCII letters.
bool is_ticker_like(std::string_view name);

}  // namespace sp::market::sim
