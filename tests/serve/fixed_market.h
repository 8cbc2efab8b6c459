// FixedMarket: a MarketView over a small data set built in the test (a seeded random walk of
// 1-minute bars per symbol, a fixed book), for testing the API and the gateway without a feed.
// Counts bars() calls so tests can see how often a handler really ran. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "serve/api/market_view.h"

namespace sp::serve::testing {

class FixedMarket : public api::MarketView {
 public:
  static constexpr std::int64_t kStartMs = 1'795'000'000'000;  // 2026-11-18T...Z, a minute boundary

  explicit FixedMarket(int bars_per_symbol = 600) {
    std::mt19937_64 rng(7);
    for (const char* s : {"AAPL", "MSFT", "SPY"}) {
      std::vector<api::BarView> v;
      std::int64_t p = 1'000'000 + static_cast<std::int64_t>(rng() % 1'000'000);
      for (int i = 0; i < bars_per_symbol; ++i) {
        api::BarView b;
        b.time_ms = kStartMs + i * 60'000;
        b.open = p;
        for (int k = 0; k < 4; ++k)
          p = std::max<std::int64_t>(100, p + static_cast<std::int64_t>(rng() % 2001) - 1000);
        b.close = p;
        b.high = std::max(b.open, b.close) + static_cast<std::int64_t>(rng() % 500);
        b.low = std::min(b.open, b.close) - static_cast<std::int64_t>(rng() % 500);
        b.volume = 100 + rng() % 10'000;
        v.push_back(b);
      }
      bars_[s] = std::move(v);
    }
  }

  std::vector<api::SymbolInfo> symbols() const override {
    std::vector<api::SymbolInfo> out;
    for (const auto& [s, v] : bars_) out.push_back({s, v.back().close, "trading"});
    return out;
  }
  bool has_symbol(std::string_view s) const override { return bars_.count(std::string(s)) > 0; }
  std::optional<api::QuoteView> quote(std::string_view s) const override {
    if (!has_symbol(s)) return std::nullopt;
    const auto& last = bars_.at(std::string(s)).back();
    return api::QuoteView{
        std::string(s), last.close - 100, last.close + 100, last.close, 300, 500, 100,
        last.time_ms};
  }
  std::optional<api::BookView> book(std::string_view s, std::size_t depth) const override {
    if (!has_symbol(s)) return std::nullopt;
    api::BookView b{std::string(s), {}, {}};
    const std::int64_t mid = bars_.at(std::string(s)).back().close;
    for (std::size_t i = 0; i < std::min<std::size_t>(depth, 50); ++i) {
      b.bids.push_back({mid - 100 * static_cast<std::int64_t>(i + 1), 100 * (i + 1),
                        static_cast<std::uint32_t>(i + 1)});
      b.asks.push_back({mid + 100 * static_cast<std::int64_t>(i + 1), 200 * (i + 1),
                        static_cast<std::uint32_t>(i + 2)});
    }
    return b;
  }
  std::optional<std::vector<api::BarView>> bars(std::string_view s, api::Timeframe tf,
                                                std::int64_t from, std::int64_t to,
                                                std::size_t limit) const override {
    bar_calls.fetch_add(1);
    if (delay.count()) std::this_thread::sleep_for(delay);
    if (!has_symbol(s)) return std::nullopt;
    if (tf != api::Timeframe::k1m) return std::vector<api::BarView>{};
    std::lock_guard lock(mu_);
    std::vector<api::BarView> out;
    for (const auto& b : bars_.at(std::string(s))) {
      if (b.time_ms >= from && b.time_ms <= to) out.push_back(b);
    }
    if (out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
    return out;
  }
  // Appends a bar to a symbol (a market event the cache must hear about).
  void append_bar(const std::string& s, api::BarView b) {
    std::lock_guard lock(mu_);
    bars_[s].push_back(b);
  }
  const std::vector<api::BarView>& all_bars(const std::string& s) const { return bars_.at(s); }

  mutable std::atomic<int> bar_calls{0};
  std::chrono::milliseconds delay{0};

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::vector<api::BarView>> bars_;
};

}  // namespace sp::serve::testing
