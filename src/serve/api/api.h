// Api: the endpoints of `stockpulse serve` under /v1 — what each route answers, how long its
// answer may be cached, and which market events make it stale. The gateway (serve/gateway.h)
// runs the filter chain around these handlers; the OpenAPI document (openapi.h) is generated from
// the same table, so it cannot drift from what is served.
//
//   GET  /v1/symbols                                   every symbol, last price and trading status
//   GET  /v1/quote/{symbol} {"symbol","bid","bidSize","ask","askSize","last","lastSize","time"} GET
//   /v1/book/{symbol}?depth=10 {"symbol","bids":[[price,shares,orders]...],"asks":[...]} GET
//   /v1/bars/{symbol}?tf=1m&from=&to=&limit=
//   {"symbol","tf","bars":[{"time","open","high","low","close","volume"}]} GET
//   /v1/indicators/{symbol}?tf=1m&spec=rsi:14&spec=macd:12,26,9&limit=
//                                                      {"symbol","tf","time":[...],"values":{"rsi_14":[...],...}}
//   POST /v1/risk/portfolio
//   {"positions":[{"symbol","quantity"}],"confidence","horizonDays","method"}
// Prices are numbers with four decimals (ITCH's precision), times ISO 8601 UTC. Indicator columns
// are named as on the command line (`stockpulse indicators`) and are null while warming up;
// indicators are computed over the symbol's whole stored history and the last `limit` rows
// returned, so the warm-up does not depend on `limit`.
//
// Errors: {"error":{"code","message"}}; 404 "unknown_symbol"; 400 "bad_parameter" with a message
// naming the parameter and the accepted values; 400 "bad_body" for an unreadable risk request.
//
// Thread safety: handle() is const and may run on every I/O thread at once (the MarketView must
// allow that).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "serve/api/market_view.h"
#include "serve/http/request.h"
#include "serve/http/router.h"

namespace sp::serve::api {

struct ApiReply {
  int status = 200;
  std::string body;  // JSON unless content_type says otherwise
  // Cache tags: market events that make this answer stale ("bars:1m:AAPL"); see Gateway.
  std::vector<std::string> tags;
  std::string content_type = "application/json";
  std::string cache_control;  // "" : the gateway's, from the endpoint's CachePolicy
};

struct CachePolicy {
  std::chrono::milliseconds ttl{0};  // 0: never cached
  std::chrono::milliseconds stale_while_revalidate{0};
  std::chrono::milliseconds stale_if_error{0};
};

struct Endpoint {
  std::string method;
  std::string pattern;
  std::string summary;  // one line, for the OpenAPI document
  std::string
      openapi;  // the operation's "parameters"/"requestBody"/"responses" members as JSON text
  CachePolicy cache;
  std::function<ApiReply(const http::Request&, const http::RouteMatch&)> handle;
};

struct ApiLimits {
  std::size_t default_limit = 500;
  std::size_t max_limit = 10'000;
  std::size_t max_depth = 1'000;
  std::size_t max_specs = 16;
  std::size_t max_positions = 100;
  std::size_t history = 50'000;  // bars an indicator or risk computation reads at most
};

// The /v1 endpoints over `market`, which must outlive the returned handlers.
std::vector<Endpoint> api_endpoints(const MarketView& market, const ApiLimits& limits = {});

// A JSON error reply.
ApiReply api_error(int status, std::string_view code, std::string_view message);

}  // namespace sp::serve::api
