#include "market/live/feed_runner.h"

#include <chrono>
#include <cstring>
#include <vector>

#include "market/bars/eastern_time.h"
#include "market/itch/big_endian.h"
#include "market/itch/feed_file.h"
#include "market/moldudp64/endpoint.h"
#include "market/moldudp64/udp_receiver.h"

namespace sp::market::live {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kOpenMs =
    9 * kHourMs + 30 * 60'000;  // 09:30, when the simulator's flow starts
constexpr std::int64_t kSessionMs = 6 * kHourMs + 30 * 60'000;
constexpr std::size_t kBatchBytes = 64 << 10;

std::int64_t utc_midnight(std::int64_t ms) {
  return ms - ((ms % 86'400'000) + 86'400'000) % 86'400'000;
}

}  // namespace

std::int64_t now_utc_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<FeedSpec> parse_feed(std::string_view text, std::string* error) {
  FeedSpec spec;
  if (text == "simulate") return spec;
  if (text.starts_with("itch:")) {
    spec.kind = FeedSpec::Kind::itch_file;
    spec.path = std::string(text.substr(5));
    if (spec.path.empty()) {
      *error = "feed 'itch:' names no file; use itch:PATH";
      return std::nullopt;
    }
    return spec;
  }
  if (text.starts_with("udp:")) {
    spec.kind = FeedSpec::Kind::udp;
    spec.endpoint = std::string(text.substr(4));
    std::string why;
    if (!moldudp64::resolve_endpoint(spec.endpoint, &why)) {
      *error = "feed '" + std::string(text) + "': " + why;
      return std::nullopt;
    }
    return spec;
  }
  *error = "feed '" + std::string(text) + "' is not one of simulate, itch:FILE, udp:HOST:PORT";
  return std::nullopt;
}

FeedRunner::FeedRunner(LiveMarket& market, FeedSpec spec)
    : market_(market), spec_(std::move(spec)) {}

FeedRunner::~FeedRunner() {
  stop();
}

void FeedRunner::start() {
  thread_ = std::thread([this] { run(); });
}

void FeedRunner::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

std::string FeedRunner::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

void FeedRunner::fail(std::string message) {
  std::lock_guard lock(mu_);
  error_ = std::move(message);
}

bool FeedRunner::sleep_until(std::int64_t deadline_ms) {
  for (;;) {
    if (stop_.load()) return false;
    const std::int64_t left = deadline_ms - now_utc_ms();
    if (left <= 0) return true;
    // Short naps: stop() is answered within 50 ms.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::int64_t>(left, 50)));
  }
}

void FeedRunner::run() {
  switch (spec_.kind) {
    case FeedSpec::Kind::simulate:
      return run_simulate();
    case FeedSpec::Kind::itch_file:
      return run_itch_file();
    case FeedSpec::Kind::udp:
      return run_udp();
  }
}

void FeedRunner::run_simulate() {
  std::vector<std::uint8_t> batch;
  batch.reserve(kBatchBytes + sim::kMaxFramedLength);
  auto flush = [&] {
    if (!batch.empty()) market_.apply(batch.data(), batch.size());
    batch.clear();
  };
  double backfill = spec_.backfill;
  for (std::uint64_t session = 0; !stop_.load(); ++session) {
    sim::SimConfig config = spec_.sim;
    config.seed += session;
    // Lay the session on the clock: its open is `backfill` of a session before now.
    const std::int64_t now = now_utc_ms();
    const std::int64_t midnight = now - kOpenMs - static_cast<std::int64_t>(backfill * kSessionMs);
    market_.start_session(midnight);
    if (on_session_) on_session_(midnight);
    sessions_.fetch_add(1);
    sim::MarketSimulator simulator(config);
    std::uint8_t frame[sim::kMaxFramedLength];
    std::int64_t horizon = 0;  // wall time up to which messages are due: all of them go at once
    while (std::size_t n = simulator.next(frame)) {
      // The timestamp sits at bytes 5..10 of the message (after the 2-byte frame length).
      const std::uint64_t ts = itch::load_be48(frame + 2 + 5);
      const std::int64_t due = midnight + static_cast<std::int64_t>(ts / 1'000'000);
      if (due > horizon) {
        horizon = now_utc_ms();
        if (due > horizon) {
          // A message of the future: send what is due, then wait for it. (The backfill, all in
          // the past, goes in full batches; live flow in one batch per millisecond at most.)
          flush();
          ready_.store(true);  // the backfill is in
          if (!sleep_until(due)) return;
          horizon = due;
        }
      }
      batch.insert(batch.end(), frame, frame + n);
      if (batch.size() >= kBatchBytes) flush();
    }
    flush();
    ready_.store(true);
    backfill = 0;  // later sessions start now
  }
}

void FeedRunner::run_itch_file() {
  std::string why;
  auto file = itch::FeedFile::open(spec_.path, &why);
  if (!file) {
    fail(why);
    ready_.store(true);  // nothing more will come; serve what there is
    return;
  }
  const std::int64_t midnight = bars::eastern_midnight_utc_ms(utc_midnight(now_utc_ms()));
  market_.start_session(midnight);
  if (on_session_) on_session_(midnight);
  sessions_.fetch_add(1);
  const std::uint8_t* data = file->data();
  std::size_t left = file->size();
  while (left > 0 && !stop_.load()) {
    const bool last = left <= kBatchBytes;
    const itch::ReadResult r = market_.apply(data, last ? left : kBatchBytes, last);
    // Resume after the whole frames; a frame longer than a chunk cannot be, the longest is 52
    // bytes.
    const std::size_t used = last ? left : std::max<std::size_t>(r.consumed, 1);
    data += used;
    left -= used;
  }
  ready_.store(true);
}

namespace {

// Each in-order MoldUDP64 message, framed and applied as it comes.
struct ApplyEach : moldudp64::NullSessionHandler {
  LiveMarket* market;
  void on_message(std::uint64_t, const std::uint8_t* data, std::size_t len) {
    if (len > 0xFFFF) return;
    std::uint8_t frame[2 + 0xFFFF];
    frame[0] = static_cast<std::uint8_t>(len >> 8);
    frame[1] = static_cast<std::uint8_t>(len);
    std::memcpy(frame + 2, data, len);
    market->apply(frame, len + 2);
  }
};

}  // namespace

void FeedRunner::run_udp() {
  std::string why;
  auto at = moldudp64::resolve_endpoint(spec_.endpoint, &why);
  moldudp64::ReceiverOptions options;
  options.idle_timeout = std::chrono::milliseconds(0);  // a quiet feed is not an ended one
  options.stop_at_end_of_session = false;
  options.progress = false;
  options.stop = &stop_;
  std::optional<moldudp64::UdpReceiver> rx;
  if (at) rx = moldudp64::UdpReceiver::open(*at, options, &why);
  if (!rx) {
    fail("feed udp:" + spec_.endpoint + ": " + why);
    ready_.store(true);
    return;
  }
  const std::int64_t midnight = bars::eastern_midnight_utc_ms(utc_midnight(now_utc_ms()));
  market_.start_session(midnight);
  if (on_session_) on_session_(midnight);
  sessions_.fetch_add(1);
  ready_.store(true);
  ApplyEach h;
  h.market = &market_;
  const moldudp64::ReceiverStats s = rx->run(h);
  if (s.stop == moldudp64::StopReason::error) fail("feed udp:" + spec_.endpoint + ": " + s.error);
}

}  // namespace sp::market::live
