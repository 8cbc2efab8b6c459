#include "serve/api/api.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "core/registry.h"
#include "core/risk/portfolio.h"
#include "market/ohlcv_file.h"
#include "serve/api/json_out.h"

namespace sp::serve::api {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr std::int64_t kMinTime = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxTime = std::numeric_limits<std::int64_t>::max();

// A parameter's value or the 400 that names it.
template <class T>
struct Param {
  T value{};
  std::optional<ApiReply> error;
};

ApiReply bad_parameter(std::string_view name, std::string_view message) {
  return api_error(400, "bad_parameter",
                   "parameter '" + std::string(name) + "': " + std::string(message));
}

ApiReply unknown_symbol(std::string_view symbol) {
  return api_error(404, "unknown_symbol", "unknown symbol '" + std::string(symbol) + "'");
}

Param<std::size_t> count_param(const http::Request& r, std::string_view name, std::size_t fallback,
                               std::size_t max) {
  auto text = r.query_param(name);
  if (!text) return {fallback, {}};
  std::size_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size() || v < 1 || v > max) {
    return {0, bad_parameter(
                   name, "'" + *text + "' is not a whole number from 1 to " + std::to_string(max))};
  }
  return {v, {}};
}

Param<Timeframe> tf_param(const http::Request& r) {
  auto text = r.query_param("tf");
  if (!text || *text == "1m") return {Timeframe::k1m, {}};
  if (*text == "1s") return {Timeframe::k1s, {}};
  return {Timeframe::k1m, bad_parameter("tf", "'" + *text + "' is not a timeframe; use 1m or 1s")};
}

Param<std::int64_t> time_param(const http::Request& r, std::string_view name,
                               std::int64_t fallback) {
  auto text = r.query_param(name);
  if (!text) return {fallback, {}};
  std::int64_t ms = 0;
  if (!market::parse_time(*text, &ms)) {
    return {0,
            bad_parameter(
                name, "'" + *text +
                          "' is not an ISO 8601 date or date-time (UTC) nor epoch milliseconds")};
  }
  return {ms, {}};
}

std::string_view tf_name(Timeframe tf) {
  return tf == Timeframe::k1s ? "1s" : "1m";
}
std::string bars_tag(Timeframe tf, std::string_view symbol) {
  return "bars:" + std::string(tf_name(tf)) + ":" + std::string(symbol);
}

ApiReply symbols(const MarketView& m) {
  ApiReply out;
  JsonOut j(out.body);
  j.begin_object().key("symbols").begin_array();
  for (const SymbolInfo& s : m.symbols()) {
    j.begin_object().key("symbol").string(s.symbol).key("last");
    if (s.last)
      j.fixed4(*s.last);
    else
      j.null();
    j.key("status").string(s.status).end_object();
  }
  j.end_array().end_object();
  out.tags = {"symbols"};
  return out;
}

ApiReply quote(const MarketView& m, std::string_view symbol) {
  auto q = m.quote(symbol);
  if (!q) return unknown_symbol(symbol);
  ApiReply out;
  JsonOut j(out.body);
  auto price = [&](const char* k, const std::optional<std::int64_t>& p) {
    j.key(k);
    if (p)
      j.fixed4(*p);
    else
      j.null();
  };
  j.begin_object().key("symbol").string(q->symbol);
  price("bid", q->bid);
  j.key("bidSize").integer(static_cast<std::int64_t>(q->bid_size));
  price("ask", q->ask);
  j.key("askSize").integer(static_cast<std::int64_t>(q->ask_size));
  price("last", q->last);
  j.key("lastSize").integer(static_cast<std::int64_t>(q->last_size));
  j.key("time").string(market::format_time(q->time_ms)).end_object();
  out.tags = {"quote:" + q->symbol};
  return out;
}

ApiReply book(const MarketView& m, const http::Request& r, std::string_view symbol,
              const ApiLimits& lim) {
  auto depth = count_param(r, "depth", 10, lim.max_depth);
  if (depth.error) return *depth.error;
  auto b = m.book(symbol, depth.value);
  if (!b) return unknown_symbol(symbol);
  ApiReply out;
  JsonOut j(out.body);
  auto side = [&](const char* k, const std::vector<LevelView>& levels) {
    j.key(k).begin_array();
    for (const LevelView& l : levels) {
      j.begin_array()
          .fixed4(l.price)
          .integer(static_cast<std::int64_t>(l.shares))
          .integer(l.orders)
          .end_array();
    }
    j.end_array();
  };
  j.begin_object().key("symbol").string(b->symbol);
  side("bids", b->bids);
  side("asks", b->asks);
  j.end_object();
  out.tags = {"book:" + b->symbol};
  return out;
}

ApiReply bars(const MarketView& m, const http::Request& r, std::string_view symbol,
              const ApiLimits& lim) {
  auto tf = tf_param(r);
  if (tf.error) return *tf.error;
  auto from = time_param(r, "from", kMinTime);
  if (from.error) return *from.error;
  auto to = time_param(r, "to", kMaxTime);
  if (to.error) return *to.error;
  if (from.value > to.value) return bad_parameter("from", "'from' is after 'to'");
  auto limit = count_param(r, "limit", lim.default_limit, lim.max_limit);
  if (limit.error) return *limit.error;
  auto bs = m.bars(symbol, tf.value, from.value, to.value, limit.value);
  if (!bs) return unknown_symbol(symbol);
  ApiReply out;
  out.body.reserve(64 + bs->size() * 110);
  JsonOut j(out.body);
  j.begin_object()
      .key("symbol")
      .string(symbol)
      .key("tf")
      .string(tf_name(tf.value))
      .key("bars")
      .begin_array();
  for (const BarView& b : *bs) {
    j.begin_object()
        .key("time")
        .string(market::format_time(b.time_ms))
        .key("open")
        .fixed4(b.open)
        .key("high")
        .fixed4(b.high)
        .key("low")
        .fixed4(b.low)
        .key("close")
        .fixed4(b.close)
        .key("volume")
        .integer(static_cast<std::int64_t>(b.volume))
        .end_object();
  }
  j.end_array().end_object();
  out.tags = {bars_tag(tf.value, symbol)};
  return out;
}

ApiReply indicators(const MarketView& m, const http::Request& r, std::string_view symbol,
                    const ApiLimits& lim) {
  auto tf = tf_param(r);
  if (tf.error) return *tf.error;
  auto limit = count_param(r, "limit", lim.default_limit, lim.max_limit);
  if (limit.error) return *limit.error;
  const std::vector<std::string> texts = r.query_params("spec");
  if (texts.empty())
    return bad_parameter("spec", "give at least one, e.g. spec=rsi:14&spec=macd:12,26,9");
  if (texts.size() > lim.max_specs) {
    return bad_parameter(
        "spec", std::to_string(texts.size()) + " given; at most " + std::to_string(lim.max_specs));
  }
  std::vector<core::IndicatorSpec> specs;
  for (const std::string& t : texts) {
    auto parsed = core::parse_spec(t);
    if (!parsed.ok()) return bad_parameter("spec", parsed.error);
    specs.push_back(std::move(parsed.spec));
  }
  auto bs = m.bars(symbol, tf.value, kMinTime, kMaxTime, lim.history);
  if (!bs) return unknown_symbol(symbol);
  const std::size_t n = bs->size();
  std::vector<std::int64_t> time(n);
  std::vector<double> open(n), high(n), low(n), close(n), volume(n);
  for (std::size_t i = 0; i < n; ++i) {
    const BarView& b = (*bs)[i];
    time[i] = b.time_ms;
    open[i] = b.open / 1e4;
    high[i] = b.high / 1e4;
    low[i] = b.low / 1e4;
    close[i] = b.close / 1e4;
    volume[i] = static_cast<double>(b.volume);
  }
  const core::OhlcvView view{
      time.data(), open.data(), high.data(), low.data(), close.data(), volume.data(), n};
  const std::size_t first = n > limit.value ? n - limit.value : 0;
  ApiReply out;
  JsonOut j(out.body);
  j.begin_object()
      .key("symbol")
      .string(symbol)
      .key("tf")
      .string(tf_name(tf.value))
      .key("time")
      .begin_array();
  for (std::size_t i = first; i < n; ++i) j.string(market::format_time(time[i]));
  j.end_array().key("values").begin_object();
  std::vector<std::vector<double>> cols;
  std::vector<double*> ptrs;
  for (const core::IndicatorSpec& spec : specs) {
    const std::vector<std::string> names = spec.output_columns();
    cols.assign(names.size(), std::vector<double>(n));
    ptrs.clear();
    for (auto& c : cols) ptrs.push_back(c.data());
    if (n) core::compute(spec, view, ptrs.data());
    for (std::size_t k = 0; k < names.size(); ++k) {
      j.key(names[k]).begin_array();
      for (std::size_t i = first; i < n; ++i) j.number(cols[k][i]);  // NaN (warm-up) -> null
      j.end_array();
    }
  }
  j.end_object().end_object();
  out.tags = {bars_tag(tf.value, symbol)};
  return out;
}

// Closes of every symbol on one timeline: the times at which any of them has a bar, from the first
// time all of them have traded; a symbol without a bar at a time keeps its previous close.
std::vector<std::vector<double>> aligned_closes(const std::vector<std::vector<BarView>>& series) {
  std::int64_t start = kMinTime;
  for (const auto& s : series) start = std::max(start, s.front().time_ms);
  std::vector<std::int64_t> times;
  for (const auto& s : series) {
    for (const BarView& b : s) {
      if (b.time_ms >= start) times.push_back(b.time_ms);
    }
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::vector<std::vector<double>> out(series.size());
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    std::size_t i = 0;
    double last = NAN;
    for (std::int64_t t : times) {
      while (i < s.size() && s[i].time_ms <= t) last = s[i++].close / 1e4;
      out[k].push_back(last);
    }
  }
  return out;
}

ApiReply risk(const MarketView& m, const http::Request& r, const ApiLimits& lim) {
  auto bad = [](const std::string& msg) { return api_error(400, "bad_body", msg); };
  const Json body = Json::parse(r.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return bad("the request body is not a JSON object");
  auto positions = body.find("positions");
  if (positions == body.end() || !positions->is_array() || positions->empty()) {
    return bad("\"positions\" must be a non-empty array of {\"symbol\", \"quantity\"}");
  }
  if (positions->size() > lim.max_positions) {
    return bad("\"positions\" has " + std::to_string(positions->size()) + " entries; at most " +
               std::to_string(lim.max_positions));
  }
  core::risk::RiskOptions options;
  if (auto c = body.find("confidence"); c != body.end()) {
    if (!c->is_number() || !(c->get<double>() > 0.5 && c->get<double>() < 1)) {
      return bad("\"confidence\" must be a number between 0.5 and 1, e.g. 0.99");
    }
    options.confidence = *c;
  }
  if (auto h = body.find("horizonDays"); h != body.end()) {
    if (!h->is_number_integer() || h->get<long long>() < 1 || h->get<long long>() > 250) {
      return bad("\"horizonDays\" must be a whole number from 1 to 250");
    }
    options.horizon_days = static_cast<int>(h->get<long long>());
  }
  if (auto meth = body.find("method"); meth != body.end()) {
    auto parsed =
        meth->is_string() ? core::risk::parse_var_method(meth->get<std::string>()) : std::nullopt;
    if (!parsed)
      return bad("\"method\" must be one of historical, parametric, cornish-fisher, montecarlo");
    options.method = *parsed;
  }
  Timeframe tf = Timeframe::k1m;
  if (auto t = body.find("tf"); t != body.end()) {
    if (!t->is_string() || (*t != "1m" && *t != "1s"))
      return bad("\"tf\" must be \"1m\" or \"1s\"");
    if (*t == "1s") tf = Timeframe::k1s;
  }
  // Periods a year of the bars' timeframe: 252 sessions of 6.5 hours.
  options.periods_per_year = 252.0 * (tf == Timeframe::k1m ? 390 : 23'400);

  std::vector<std::string> names;
  std::vector<double> quantities;
  std::vector<std::vector<BarView>> series;
  for (std::size_t i = 0; i < positions->size(); ++i) {
    const Json& p = (*positions)[i];
    const std::string where = "positions[" + std::to_string(i) + "]";
    if (!p.is_object() || !p.contains("symbol") || !p["symbol"].is_string())
      return bad(where + " has no \"symbol\"");
    if (!p.contains("quantity") || !p["quantity"].is_number() ||
        !std::isfinite(p["quantity"].get<double>())) {
      return bad(where + " has no numeric \"quantity\"");
    }
    const std::string sym = p["symbol"];
    auto bs = m.bars(sym, tf, kMinTime, kMaxTime, lim.history);
    if (!bs) return unknown_symbol(sym);
    if (bs->size() < 3) {
      return api_error(422, "not_enough_history",
                       "symbol '" + sym + "' has " + std::to_string(bs->size()) +
                           " bars; risk needs at least 3");
    }
    names.push_back(sym);
    quantities.push_back(p["quantity"]);
    series.push_back(std::move(*bs));
  }
  const auto closes = aligned_closes(series);
  double value = 0;
  std::vector<double> exposure;
  for (std::size_t k = 0; k < names.size(); ++k) {
    exposure.push_back(quantities[k] * closes[k].back());
    value += exposure.back();
  }
  if (!(value > 0)) return bad("the positions' net market value must be positive");
  for (double e : exposure) options.weights.push_back(e / value);
  auto report = core::risk::risk_report(closes, options);
  if (!report) return api_error(422, "cannot_compute", report.error());
  const auto& rep = *report;
  ApiReply out;
  JsonOut j(out.body);
  j.begin_object().key("value").number(value).key("tf").string(tf_name(tf));
  j.key("method")
      .string(core::risk::to_string(rep.method))
      .key("confidence")
      .number(rep.confidence);
  j.key("horizonDays")
      .integer(rep.horizon_days)
      .key("observations")
      .integer(static_cast<std::int64_t>(rep.observations));
  j.key("valueAtRisk").begin_object().key("fraction").number(rep.tail_risk.value_at_risk);
  j.key("amount").number(rep.tail_risk.value_at_risk * value).end_object();
  j.key("expectedShortfall")
      .begin_object()
      .key("fraction")
      .number(rep.tail_risk.expected_shortfall);
  j.key("amount").number(rep.tail_risk.expected_shortfall * value).end_object();
  j.key("volatility").number(rep.volatility).key("sharpe").number(rep.sharpe_ratio);
  j.key("sortino").number(rep.sortino_ratio).key("maxDrawdown").number(rep.max_drawdown.depth);
  j.key("beta").number(rep.beta).key("weights").begin_array();
  for (std::size_t k = 0; k < names.size(); ++k) {
    j.begin_object()
        .key("symbol")
        .string(names[k])
        .key("weight")
        .number(rep.weights[k])
        .end_object();
  }
  j.end_array().end_object();
  return out;
}

std::string symbol_param_doc() {
  return R"({"name":"symbol","in":"path","required":true,"schema":{"type":"string"},"example":"AAPL"})";
}
std::string query_doc(const char* name, const char* type, const char* description) {
  return std::string(R"({"name":")") + name +
         R"(","in":"query","required":false,"schema":{"type":")" + type + R"("},"description":")" +
         description + "\"}";
}
std::string responses_doc(const char* ok_description, bool symbol) {
  std::string s =
      R"("responses":{"200":{"description":")" + std::string(ok_description) +
      R"(","content":{"application/json":{}}},"400":{"description":"a bad parameter, named in the error"})";
  if (symbol) s += R"(,"404":{"description":"unknown symbol"})";
  s += R"(,"429":{"description":"rate limited; see Retry-After"}})";
  return s;
}

}  // namespace

ApiReply api_error(int status, std::string_view code, std::string_view message) {
  ApiReply out;
  out.status = status;
  JsonOut j(out.body);
  j.begin_object()
      .key("error")
      .begin_object()
      .key("code")
      .string(code)
      .key("message")
      .string(message)
      .end_object()
      .end_object();
  return out;
}

std::vector<Endpoint> api_endpoints(const MarketView& market, const ApiLimits& lim) {
  const MarketView* m = &market;
  std::vector<Endpoint> e;
  e.push_back({"GET",
               "/v1/symbols",
               "Every symbol with its last price and trading status.",
               R"("parameters":[],)" + responses_doc("the symbols", false),
               {5000ms, 5000ms, 60000ms},
               [m](const http::Request&, const http::RouteMatch&) { return symbols(*m); }});
  e.push_back({"GET",
               "/v1/quote/{symbol}",
               "Top of book and last trade.",
               R"("parameters":[)" + symbol_param_doc() + "]," + responses_doc("the quote", true),
               {250ms, 250ms, 5000ms},
               [m](const http::Request&, const http::RouteMatch& rm) {
                 return quote(*m, rm.param("symbol"));
               }});
  e.push_back({"GET",
               "/v1/book/{symbol}",
               "Full-depth order book, aggregated by price level, best first.",
               R"("parameters":[)" + symbol_param_doc() + "," +
                   query_doc("depth", "integer", "price levels per side, 1 to 1000 (default 10)") +
                   "]," + responses_doc("the book: [price, shares, orders] per level", true),
               {250ms, 250ms, 5000ms},
               [m, lim](const http::Request& r, const http::RouteMatch& rm) {
                 return book(*m, r, rm.param("symbol"), lim);
               }});
  e.push_back(
      {"GET",
       "/v1/bars/{symbol}",
       "OHLCV bars from the symbol's trades.",
       R"("parameters":[)" + symbol_param_doc() + "," +
           query_doc("tf", "string", "1m (default) or 1s") + "," +
           query_doc("from", "string", "ISO 8601 UTC or epoch ms; first bar start included") + "," +
           query_doc("to", "string", "ISO 8601 UTC or epoch ms; last bar start included") + "," +
           query_doc("limit", "integer",
                     "at most this many bars, the newest (default 500, max 10000)") +
           "]," + responses_doc("the bars, oldest first", true),
       {2000ms, 2000ms, 60000ms},
       [m, lim](const http::Request& r, const http::RouteMatch& rm) {
         return bars(*m, r, rm.param("symbol"), lim);
       }});
  e.push_back({"GET",
               "/v1/indicators/{symbol}",
               "Technical indicators over the symbol's bars (names as the CLI).",
               R"("parameters":[)" + symbol_param_doc() + "," +
                   query_doc("tf", "string", "1m (default) or 1s") + "," +
                   query_doc("spec", "string",
                             "repeatable: TA-Lib name and options, e.g. rsi:14, macd:12,26,9") +
                   "," + query_doc("limit", "integer", "the newest rows (default 500, max 10000)") +
                   "]," + responses_doc("columns of values, null while warming up", true),
               {2000ms, 2000ms, 60000ms},
               [m, lim](const http::Request& r, const http::RouteMatch& rm) {
                 return indicators(*m, r, rm.param("symbol"), lim);
               }});
  e.push_back(
      {"POST",
       "/v1/risk/portfolio",
       "Value at risk and other risk measures of a portfolio of positions.",
       R"("parameters":[],"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["positions"],"properties":{"positions":{"type":"array","items":{"type":"object","properties":{"symbol":{"type":"string"},"quantity":{"type":"number"}}}},"confidence":{"type":"number","default":0.99},"horizonDays":{"type":"integer","default":1},"method":{"type":"string","enum":["historical","parametric","cornish-fisher","montecarlo"]},"tf":{"type":"string","enum":["1m","1s"]}}}}}},)" +
           responses_doc("the risk measures", true),
       {},
       [m, lim](const http::Request& r, const http::RouteMatch&) { return risk(*m, r, lim); }});
  return e;
}

}  // namespace sp::serve::api
