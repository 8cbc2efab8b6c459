#include "serve/live/live_view.h"

namespace sp::serve::live {
namespace {

std::string state_name(char s) {
  switch (s) {
    case 'H':
      return "halted";
    case 'P':
      return "paused";
    case 'Q':
      return "quotation";
    default:
      return "trading";
  }
}

}  // namespace

std::vector<api::SymbolInfo> LiveView::symbols() const {
  std::vector<api::SymbolInfo> out;
  for (const auto& s : market_.symbols()) {
    api::SymbolInfo i{s.symbol, std::nullopt, state_name(s.trading_state)};
    if (s.last) i.last = s.last;
    out.push_back(std::move(i));
  }
  return out;
}

std::optional<api::QuoteView> LiveView::quote(std::string_view symbol) const {
  auto q = market_.quote(symbol);
  if (!q) return std::nullopt;
  api::QuoteView v;
  v.symbol = std::string(symbol);
  if (q->bid) v.bid = q->bid;
  if (q->ask) v.ask = q->ask;
  if (q->last) v.last = q->last;
  v.bid_size = q->bid_size;
  v.ask_size = q->ask_size;
  v.last_size = q->last_size;
  v.time_ms = q->time_ms;
  return v;
}

std::optional<api::BookView> LiveView::book(std::string_view symbol, std::size_t depth) const {
  auto d = market_.book(symbol, depth);
  if (!d) return std::nullopt;
  api::BookView v;
  v.symbol = std::string(symbol);
  for (const auto& l : d->bids) v.bids.push_back({l.price, l.shares, l.orders});
  for (const auto& l : d->asks) v.asks.push_back({l.price, l.shares, l.orders});
  return v;
}

std::optional<std::vector<api::BarView>> LiveView::bars(std::string_view symbol, api::Timeframe tf,
                                                        std::int64_t from_ms, std::int64_t to_ms,
                                                        std::size_t limit) const {
  const auto t =
      tf == api::Timeframe::k1s ? market::live::Timeframe::k1s : market::live::Timeframe::k1m;
  auto bs = market_.bars(symbol, t, from_ms, to_ms, limit);
  if (!bs) return std::nullopt;
  std::vector<api::BarView> out;
  out.reserve(bs->size());
  for (const auto& b : *bs) out.push_back({b.time_ms, b.open, b.high, b.low, b.close, b.volume});
  return out;
}

}  // namespace sp::serve::live
