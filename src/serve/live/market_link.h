// MarketLink: what the gateway does when the market moves — the LiveListener (market/live) that
// turns market events into WebSocket messages and cache invalidations.
//
//   quote changed      publish quotes:SYM (conflated: a slow client gets the latest), drop the
//                      cached quote:SYM and book:SYM answers
//   trade              publish trades:SYM {"price","size","time","side"}
//   bar (forming)      publish bars:1m:SYM / bars:1s:SYM (conflated), the bar so far
//   bar (finished)     publish it (not conflated), drop cached answers tagged bars:TF:SYM (bars
//                      and indicators); a finished bar may also go to a store (set_bar_sink)
//   trading status     drop the cached /v1/symbols answer
// Runs on the feed thread; the hub and the cache are thread-safe.
#pragma once

#include <functional>

#include "market/live/live_market.h"
#include "serve/gateway.h"
#include "serve/ws/stream_hub.h"

namespace sp::serve::live {

class MarketLink : public market::live::LiveListener {
 public:
  using BarSink = std::function<void(std::string_view symbol, market::live::Timeframe,
                                     const market::live::Bar&)>;

  MarketLink(Gateway& gateway, ws::StreamHub& hub) : gateway_(gateway), hub_(hub) {}
  void set_bar_sink(BarSink sink) { bar_sink_ = std::move(sink); }

  void on_trade(std::string_view symbol, const market::live::Trade& t) override;
  void on_quote(std::string_view symbol, const market::live::Quote& q) override;
  void on_bar(std::string_view symbol, market::live::Timeframe tf, const market::live::Bar& b,
              bool final) override;
  void on_status(std::string_view symbol, char state) override;

 private:
  Gateway& gateway_;
  ws::StreamHub& hub_;
  BarSink bar_sink_;
};

// The channels a client may subscribe to: quotes:SYM, trades:SYM, bars:1m:SYM, bars:1s:SYM for a
// symbol the market knows. Returns "" or why not.
std::string check_channel(const market::live::LiveMarket& market, std::string_view channel);

}  // namespace sp::serve::live
