#include "serve/live/market_link.h"

#include "market/ohlcv_file.h"
#include "serve/api/json_out.h"

namespace sp::serve::live {
namespace {

std::string channel(std::string_view kind, std::string_view symbol) {
  std::string c(kind);
  c += ':';
  c += symbol;
  return c;
}

std::string_view tf_name(market::live::Timeframe tf) {
  return tf == market::live::Timeframe::k1s ? "1s" : "1m";
}

}  // namespace

void MarketLink::on_trade(std::string_view symbol, const market::live::Trade& t) {
  std::string body;
  api::JsonOut j(body);
  j.begin_object().key("price").fixed4(t.price).key("size").integer(
      static_cast<std::int64_t>(t.shares));
  j.key("time").string(market::format_time(t.time_ms));
  if (t.side) j.key("side").string(t.side == 'B' ? "buy" : "sell");
  j.end_object();
  hub_.publish(channel("trades", symbol), body, false);
}

void MarketLink::on_quote(std::string_view symbol, const market::live::Quote& q) {
  std::string body;
  api::JsonOut j(body);
  auto price = [&](const char* k, std::uint32_t p) {
    j.key(k);
    if (p)
      j.fixed4(p);
    else
      j.null();
  };
  j.begin_object().key("symbol").string(symbol);
  price("bid", q.bid);
  j.key("bidSize").integer(static_cast<std::int64_t>(q.bid_size));
  price("ask", q.ask);
  j.key("askSize").integer(static_cast<std::int64_t>(q.ask_size));
  price("last", q.last);
  j.key("lastSize").integer(static_cast<std::int64_t>(q.last_size));
  j.key("time").string(market::format_time(q.time_ms)).end_object();
  hub_.publish(channel("quotes", symbol), body, true);
  gateway_.invalidate(channel("quote", symbol));
  gateway_.invalidate(channel("book", symbol));
}

void MarketLink::on_bar(std::string_view symbol, market::live::Timeframe tf,
                        const market::live::Bar& b, bool final) {
  std::string body;
  api::JsonOut j(body);
  j.begin_object().key("time").string(market::format_time(b.time_ms)).key("open").fixed4(b.open);
  j.key("high").fixed4(b.high).key("low").fixed4(b.low).key("close").fixed4(b.close);
  j.key("volume")
      .integer(static_cast<std::int64_t>(b.volume))
      .key("final")
      .boolean(final)
      .end_object();
  const std::string ch = "bars:" + std::string(tf_name(tf)) + ":" + std::string(symbol);
  hub_.publish(ch, body, !final);
  if (final) {
    gateway_.invalidate(ch);
    if (bar_sink_) bar_sink_(symbol, tf, b);
  }
}

void MarketLink::on_status(std::string_view, char) {
  gateway_.invalidate("symbols");
}

std::string check_channel(const market::live::LiveMarket& market, std::string_view ch) {
  std::string_view symbol;
  if (ch.starts_with("quotes:"))
    symbol = ch.substr(7);
  else if (ch.starts_with("trades:"))
    symbol = ch.substr(7);
  else if (ch.starts_with("bars:1m:") || ch.starts_with("bars:1s:"))
    symbol = ch.substr(8);
  else
    return "unknown channel; use quotes:SYM, trades:SYM, bars:1m:SYM or bars:1s:SYM";
  if (!market.has_symbol(symbol)) return "unknown symbol '" + std::string(symbol) + "'";
  return "";
}

}  // namespace sp::serve::live
