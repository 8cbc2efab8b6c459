// LiveView: the API's MarketView (api/market_view.h) over a LiveMarket (market/live): what the
// handlers read while the feed runs. Conversions only; the LiveMarket's locking makes each call a
// consistent snapshot of its symbol. Thread-safe.
#pragma once

#include "market/live/live_market.h"
#include "serve/api/market_view.h"

namespace sp::serve::live {

class LiveView : public api::MarketView {
 public:
  explicit LiveView(const market::live::LiveMarket& market) : market_(market) {}

  std::vector<api::SymbolInfo> symbols() const override;
  bool has_symbol(std::string_view symbol) const override { return market_.has_symbol(symbol); }
  std::optional<api::QuoteView> quote(std::string_view symbol) const override;
  std::optional<api::BookView> book(std::string_view symbol, std::size_t depth) const override;
  std::optional<std::vector<api::BarView>> bars(std::string_view symbol, api::Timeframe tf,
                                                std::int64_t from_ms, std::int64_t to_ms,
                                                std::size_t limit) const override;

 private:
  const market::live::LiveMarket& market_;
};

}  // namespace sp::serve::live
