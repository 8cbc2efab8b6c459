// FeedRunner: the thread that feeds a LiveMarket from one source, the `--feed` of `stockpulse
// serve`:
//
//   simulate          the market simulator (sim/market_simulator.h). A trading session is laid on
//                     the wall clock so that its first `backfill` fraction ends now: that part is
//                     applied at once (history from the first second), the rest in real time, its
//                     messages released when the clock reaches their timestamps. When a session
//                     ends the next one (next seed) opens at once.
//   itch:FILE         a NASDAQ ITCH 5.0 file (2-byte length framing, zero lengths allowed), applied
//                     at full speed at start-up; the day is dated today (New York time).
//   udp:HOST:PORT     a live MoldUDP64 session (moldudp64/udp_receiver.h), applied as it arrives.
//
//   auto spec = parse_feed("udp:127.0.0.1:26400", &error);   // nullopt + error naming the problem
//   FeedRunner runner(market, *spec);
//   runner.start();  ...  runner.ready();  ...  runner.stop();
//
// ready() turns true once the history is in (simulate: the backfill applied; itch: the whole file;
// udp: at once) — what /readyz reports. error() says why a feed stopped early (a file that cannot
// be read, a socket that cannot be bound). Thread safety: start/stop/ready/error/stats from any
// thread; one runner per market.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "market/live/live_market.h"
#include "market/sim/market_simulator.h"

namespace sp::market::live {

struct FeedSpec {
  enum class Kind { simulate, itch_file, udp } kind = Kind::simulate;
  std::string path;      // itch_file
  std::string endpoint;  // udp: HOST:PORT
  sim::SimConfig sim{.symbols = 40, .messages = 4'000'000, .seed = 1};
  double backfill = 0.5;  // simulate: the fraction of the first session laid before now
};

// "simulate", "itch:FILE", "udp:HOST:PORT". On failure nullopt and *error says what is wrong.
std::optional<FeedSpec> parse_feed(std::string_view text, std::string* error);

class FeedRunner {
 public:
  FeedRunner(LiveMarket& market, FeedSpec spec);
  ~FeedRunner();  // stops

  // Called on the feed thread at each new session (simulate), before its first message.
  void on_session(std::function<void(std::int64_t session_midnight_ms)> f) {
    on_session_ = std::move(f);
  }

  void start();
  void stop();
  bool ready() const { return ready_.load(); }
  std::string error() const;
  std::uint64_t sessions() const { return sessions_.load(); }

 private:
  void run();
  void run_simulate();
  void run_itch_file();
  void run_udp();
  void fail(std::string message);
  // Sleeps until `deadline_ms` (UTC epoch ms) or stop; false when stopped.
  bool sleep_until(std::int64_t deadline_ms);

  LiveMarket& market_;
  FeedSpec spec_;
  std::function<void(std::int64_t)> on_session_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::atomic<std::uint64_t> sessions_{0};
  mutable std::mutex mu_;
  std::string error_;
};

// UTC epoch milliseconds now (the system clock).
std::int64_t now_utc_ms();

}  // namespace sp::market::live
