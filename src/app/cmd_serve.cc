// `stockpulse serve`: the API gateway over a live market — wiring only: the feed (market/live),
// the gateway and its handlers (serve/), the WebSocket hub, the metrics; see each for the rest.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "app/args.h"
#include "app/command.h"
#include "market/live/bar_recorder.h"
#include "market/live/feed_runner.h"
#include "market/live/live_market.h"
#include "serve/api/api.h"
#include "serve/gateway.h"
#include "serve/http/server.h"
#include "serve/live/live_view.h"
#include "serve/live/market_link.h"
#include "serve/redis/redis_tier.h"
#include "serve/static_files.h"
#include "serve/ws/stream_hub.h"
#include "store/store.h"
#include "telemetry/metrics.h"

namespace sp::app {
namespace {

constexpr std::string_view kHelp =
    R"(Usage: stockpulse serve [--listen HOST:PORT] [--threads N] [--feed SOURCE] [--db URL]
                        [--redis URL] [--static DIR] [--api-keys FILE] [--symbols N] [--messages M] [--seed S]
                        [--backfill F] [--rate-limit on|off|RATE[/BURST]]
                        [--rate-limit-route ROUTE=RATE[/BURST]]...

Starts the StockPulse API gateway: a live market (order books, quotes, trades, 1 s and 1 min bars)
kept from a feed, served over HTTP and WebSocket with a W-TinyLFU response cache, request
coalescing, compression (br, zstd, gzip) and rate limiting. With no options it runs on its own:
the market simulator feeds the real ITCH decoder and books, half a trading session of history is
there from the first second, and the rest of the session plays in real time.

Options (each has an environment twin, e.g. STOCKPULSE_LISTEN; the option wins):
  --listen HOST:PORT  Where to listen. Default 127.0.0.1:8080.
  --threads N         I/O threads, 1..64. Default: one per core.
  --feed SOURCE       simulate (default) | itch:FILE (a NASDAQ ITCH 5.0 file, replayed at start)
                      | udp:HOST:PORT (a live MoldUDP64 session, e.g. from `stockpulse itch-send`).
  --db URL            Where finished 1 s and 1 min bars are stored, and read back at start-up so
                      charts survive a restart: a SQLite path (default ./var/stockpulse.db),
                      sqlite::memory:, postgresql://USER@HOST:PORT/DB, or none.
  --redis URL         redis://HOST[:PORT][/DB]: a second cache tier shared by gateway instances.
                      When Redis is slow or down, requests are served from memory (never failed).
  --static DIR        Serve DIR's files (the dashboard) for paths no API route claims; hashed
                      names (app.3f9a8c1e.js) get a year of caching, others revalidate.
  --api-keys FILE     API keys, one a line: KEY [RATE_PER_SECOND [BURST]]. With a file, an unknown
                      X-API-Key is refused (401) and each key has its own limit; requests without
                      a key are limited per client address.
  --symbols N         simulate: stocks, 1..65535. Default 40.
  --messages M        simulate: order-flow messages per session. Default 4000000 (about 170/s live).
  --seed S            simulate: the first session's seed. Default 1.
  --backfill F        simulate: the fraction of the first session played before now, 0..1. Default 0.5.
  --rate-limit on|off|RATE[/BURST]
                      on (default): 200 requests/s, burst 400, per client address and route
                      (keys from --api-keys have their own). RATE[/BURST]: that default instead,
                      e.g. 50/100; BURST defaults to twice RATE. off: no limit at all, for
                      benchmarks and load tests from one address (`make bench-serve`); never in
                      front of real clients.
  --rate-limit-route ROUTE=RATE[/BURST]
                      A route's own limit per client address, in place of the default; ROUTE is
                      a pattern as in the OpenAPI document, e.g.
                      --rate-limit-route '/v1/risk/portfolio=5/10'. Repeat for several routes
                      (the environment twin takes them separated by commas). /healthz, /readyz
                      and /metrics are never limited.
  -h, --help          Show this help.

Endpoints: GET /v1/symbols, /v1/quote/{symbol}, /v1/book/{symbol}?depth=N,
/v1/bars/{symbol}?tf=1m|1s&from=&to=&limit=, /v1/indicators/{symbol}?spec=rsi:14&spec=...,
POST /v1/risk/portfolio, WebSocket /v1/stream, GET /metrics, /healthz, /readyz,
/v1/openapi.json (the full reference). Stops cleanly on SIGINT or SIGTERM.
)";

// RATE[/BURST] as in "50/100" or "0.5" (serve::parse_rate_limit says what each must be). `what`
// names the input in errors.
std::string parse_rate(const std::string& what, const std::string& text, serve::RateLimit* out) {
  const auto slash = text.find('/');
  const std::string_view t = text;
  const std::string e = serve::parse_rate_limit(
      t.substr(0, slash), slash == std::string::npos ? std::string_view() : t.substr(slash + 1),
      out);
  return e.empty() ? e : what + ": " + e;
}

// Comma- or blank-separated items (an environment variable holding what repeated options give).
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n') {
      if (!item.empty()) out.push_back(std::move(item));
      item.clear();
    } else {
      item += c;
    }
  }
  return out;
}

std::optional<std::string> option_or_env(const Args& args, const char* option, const char* env) {
  if (auto v = args.get(option)) return v;
  if (const char* e = std::getenv(env); e && *e) return std::string(e);
  return std::nullopt;
}

int run(const std::vector<std::string>& argv) {
  Args args("serve");
  args.option("listen")
      .option("threads")
      .option("feed")
      .option("api-keys")
      .option("symbols")
      .option("messages");
  args.option("redis").option("static").option("db");
  args.option("seed")
      .option("backfill")
      .option("rate-limit")
      .option("rate-limit-route", Args::kRepeatable);
  if (!args.parse(argv)) return usage_error(args.command(), args.error());
  if (args.help()) return print_help(kServeCommand);

  serve::http::ServerConfig server_config;
  const std::string listen =
      option_or_env(args, "listen", "STOCKPULSE_LISTEN").value_or("127.0.0.1:8080");
  {
    const auto colon = listen.rfind(':');
    std::int64_t port = 0;
    if (colon == std::string::npos ||
        !parse_int("--listen", listen.substr(colon + 1), 0, 65535, &port).empty()) {
      return usage_error("serve",
                         "--listen '" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
    }
    server_config.host = listen.substr(0, colon);
    server_config.port = static_cast<std::uint16_t>(port);
  }
  if (auto v = option_or_env(args, "threads", "STOCKPULSE_THREADS")) {
    std::int64_t n = 0;
    if (auto e = parse_int("--threads", *v, 1, 64, &n); !e.empty()) return usage_error("serve", e);
    server_config.threads = static_cast<unsigned>(n);
  }
  if (!server_config.threads)
    server_config.threads = std::max(1u, std::thread::hardware_concurrency());

  std::string error;
  auto feed = market::live::parse_feed(
      option_or_env(args, "feed", "STOCKPULSE_FEED").value_or("simulate"), &error);
  if (!feed) return usage_error("serve", error);
  if (feed->kind == market::live::FeedSpec::Kind::itch_file &&
      ::access(feed->path.c_str(), R_OK) != 0) {
    return runtime_error("serve", "cannot read ITCH file " + feed->path);
  }
  if (auto v = option_or_env(args, "symbols", "STOCKPULSE_SYMBOLS")) {
    std::int64_t n = 0;
    if (auto e = parse_int("--symbols", *v, 1, 65535, &n); !e.empty())
      return usage_error("serve", e);
    feed->sim.symbols = static_cast<std::uint32_t>(n);
  }
  if (auto v = option_or_env(args, "messages", "STOCKPULSE_MESSAGES")) {
    if (auto e = parse_uint64("--messages", *v, &feed->sim.messages); !e.empty())
      return usage_error("serve", e);
  }
  if (auto v = option_or_env(args, "seed", "STOCKPULSE_SEED")) {
    if (auto e = parse_uint64("--seed", *v, &feed->sim.seed); !e.empty())
      return usage_error("serve", e);
  }
  if (auto v = option_or_env(args, "backfill", "STOCKPULSE_BACKFILL")) {
    if (auto e = parse_double("--backfill", *v, &feed->backfill); !e.empty())
      return usage_error("serve", e);
    if (!(feed->backfill >= 0 && feed->backfill <= 1)) {
      return usage_error("serve", "--backfill '" + *v + "' is not between 0 and 1");
    }
  }
  if (std::string bad = market::sim::validate(feed->sim); !bad.empty())
    return usage_error("serve", bad);

  serve::GatewayConfig gateway_config;
  if (auto url = option_or_env(args, "redis", "STOCKPULSE_REDIS")) {
    gateway_config.redis = serve::redis::parse_redis_url(*url, &error);
    if (!gateway_config.redis) return usage_error("serve", error);
  }
  if (auto dir = option_or_env(args, "static", "STOCKPULSE_STATIC")) {
    if (std::string e = serve::StaticFiles::valid_root(*dir); !e.empty())
      return runtime_error("serve", e);
    gateway_config.static_dir = *dir;
  }
  if (auto v = option_or_env(args, "rate-limit", "STOCKPULSE_RATE_LIMIT")) {
    if (*v == "off") {
      gateway_config.rate_limiting = false;
    } else if (*v != "on") {
      if (!v->empty() && !std::isdigit(static_cast<unsigned char>((*v)[0])) && (*v)[0] != '.') {
        return usage_error(
            "serve", "--rate-limit '" + *v + "' is not on, off or RATE[/BURST] (e.g. 50/100)");
      }
      if (auto e = parse_rate("--rate-limit '" + *v + "'", *v, &gateway_config.default_limit);
          !e.empty()) {
        return usage_error("serve", e);
      }
    }
  }
  // ROUTE=RATE[/BURST] items; the routes are checked against the API once its endpoints exist.
  std::vector<std::string> route_limit_items = args.all("rate-limit-route");
  std::string route_limit_source = "--rate-limit-route";
  if (route_limit_items.empty()) {
    if (const char* e = std::getenv("STOCKPULSE_RATE_LIMIT_ROUTE"); e && *e) {
      route_limit_items.push_back(e);
      route_limit_source = "STOCKPULSE_RATE_LIMIT_ROUTE";
    }
  }
  for (const std::string& given : route_limit_items) {
    for (const std::string& item : split_list(given)) {
      const std::string what = route_limit_source + " '" + item + "'";
      const auto eq = item.rfind('=');
      if (eq == std::string::npos || eq == 0) {
        return usage_error("serve",
                           what + " is not ROUTE=RATE[/BURST] (e.g. /v1/risk/portfolio=5/10)");
      }
      serve::RateLimit limit;
      if (auto e = parse_rate(what, item.substr(eq + 1), &limit); !e.empty())
        return usage_error("serve", e);
      gateway_config.route_limits[item.substr(0, eq)] = limit;
    }
  }
  if (!gateway_config.rate_limiting && !gateway_config.route_limits.empty()) {
    return usage_error("serve",
                       "--rate-limit-route has no effect with --rate-limit off; drop one of them");
  }
  if (auto keys = option_or_env(args, "api-keys", "STOCKPULSE_API_KEYS")) {
    if (std::string e = serve::read_api_keys(*keys, &gateway_config.api_keys); !e.empty()) {
      return runtime_error("serve", e);
    }
  }

  // Signals are taken by this thread alone (sigwait below): block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  market::live::LiveMarket market({});
  serve::live::LiveView view(market);
  std::vector<serve::api::Endpoint> endpoints = serve::api::api_endpoints(view);
  {
    const std::vector<std::string> routes = serve::limited_routes(endpoints);
    for (const auto& [route, limit] : gateway_config.route_limits) {
      if (std::find(routes.begin(), routes.end(), route) != routes.end()) continue;
      std::string known;
      for (const auto& r : routes) known += (known.empty() ? "" : ", ") + r;
      return usage_error("serve", route_limit_source + ": '" + route +
                                      "' is not a route that can be limited; routes: " + known);
    }
  }
  // The store: history in before the feed starts, finished bars out as they come.
  std::unique_ptr<market::live::BarRecorder> recorder;
  const std::string db = option_or_env(args, "db", "STOCKPULSE_DB").value_or("");
  if (db != "none") {
    store::StoreOptions store_options;
    store_options.durability = store::Durability::kProcessCrash;
    auto store = store::open_store(db, store_options, &error);
    if (!store) return runtime_error("serve", error);
    if (!market::live::load_history(*store, market, 20'000, &error))
      return runtime_error("serve", error);
    recorder = std::make_unique<market::live::BarRecorder>(std::move(store));
  }
  telemetry::Registry metrics;
  market::live::FeedRunner runner(market, *feed);
  serve::Gateway gateway(std::move(endpoints), gateway_config, metrics,
                         [&] { return runner.ready(); });
  serve::ws::StreamHub hub({.threads = server_config.threads}, [&](std::string_view ch) {
    return serve::live::check_channel(market, ch);
  });
  serve::live::MarketLink link(gateway, hub);
  if (recorder) {
    link.set_bar_sink([&](std::string_view symbol, market::live::Timeframe tf,
                          const market::live::Bar& b) { recorder->record(symbol, tf, b); });
  }
  market.set_listener(&link);

  // Gauges of what the gateway does not see itself, brought up to date at each scrape.
  auto& connections =
      metrics.gauge("stockpulse_http_connections", "Open HTTP connections (WebSockets apart).")
          .with({});
  auto& bad_requests = metrics
                           .gauge("stockpulse_http_rejected_requests",
                                  "Requests the server answered itself: malformed (400) or over a "
                                  "limit (413, 414, 431).")
                           .with({});
  auto& ws_clients =
      metrics.gauge("stockpulse_ws_clients", "Connected WebSocket clients.").with({});
  auto& ws_subscriptions =
      metrics.gauge("stockpulse_ws_subscriptions", "WebSocket channel subscriptions.").with({});
  auto& ws_delivered =
      metrics.gauge("stockpulse_ws_delivered_messages", "Messages written to WebSocket clients.")
          .with({});
  auto& ws_conflated =
      metrics
          .gauge("stockpulse_ws_conflated_messages",
                 "Queued quote messages replaced by a newer one for a slow client.")
          .with({});
  auto& ws_slow = metrics
                      .gauge("stockpulse_ws_slow_consumer_disconnects",
                             "WebSocket clients closed (1013) for an overflowing queue.")
                      .with({});
  auto& feed_messages =
      metrics.gauge("stockpulse_feed_messages", "ITCH messages applied to the live market.")
          .with({});
  auto& feed_malformed =
      metrics.gauge("stockpulse_feed_malformed_messages", "Malformed or truncated feed messages.")
          .with({});
  auto& bars_stored =
      metrics.gauge("stockpulse_store_bars_written", "Bars committed to the store.").with({});
  auto& store_failures =
      metrics.gauge("stockpulse_store_write_failures", "Store writes that failed (retried).")
          .with({});
  serve::http::Server* server_ptr = nullptr;
  gateway.on_scrape([&] {
    if (server_ptr) {
      const auto st = server_ptr->stats();
      connections.set(static_cast<double>(st.connections_open));
      bad_requests.set(static_cast<double>(st.bad_requests));
    }
    const auto hs = hub.stats();
    ws_clients.set(static_cast<double>(hs.clients));
    ws_subscriptions.set(static_cast<double>(hs.subscriptions));
    ws_delivered.set(static_cast<double>(hs.delivered));
    ws_conflated.set(static_cast<double>(hs.conflated));
    ws_slow.set(static_cast<double>(hs.slow_disconnects));
    const auto fs = market.feed_stats();
    feed_messages.set(static_cast<double>(fs.messages));
    feed_malformed.set(static_cast<double>(fs.malformed + fs.truncated));
    if (recorder) {
      const auto rs = recorder->stats();
      bars_stored.set(static_cast<double>(rs.written));
      store_failures.set(static_cast<double>(rs.failures));
    }
  });

  auto started = serve::http::Server::start(
      server_config, [&](const serve::http::Request& r) { return gateway.handle(r); },
      hub.upgrade_hook());
  if (!started.server) return runtime_error("serve", started.error);
  hub.attach(*started.server);
  server_ptr = started.server.get();
  runner.start();
  std::fprintf(stderr, "stockpulse serve: listening on http://%s:%u (%u threads), feed %s\n",
               server_config.host.c_str(), started.server->port(), started.server->threads(),
               option_or_env(args, "feed", "STOCKPULSE_FEED").value_or("simulate").c_str());

  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "stockpulse serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  runner.stop();
  started.server->stop();
  if (recorder) recorder->stop();  // what is queued is written before the exit
  if (std::string e = runner.error(); !e.empty()) return runtime_error("serve", e);
  return kExitOk;
}

}  // namespace

const Command kServeCommand{
    "serve", "Serve quotes, books, bars, indicators and risk over HTTP and WebSocket", kHelp, run};

}  // namespace sp::app
