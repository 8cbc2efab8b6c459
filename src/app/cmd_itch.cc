// `stockpulse itch` (read an ITCH 5.0 file or a live MoldUDP64 stream and report on it) and
// `stockpulse itch-send` (replay an ITCH file as a MoldUDP64 stream).
#include <atomic>
#include <csignal>
#include <cstdio>

#include "app/args.h"
#include "app/command.h"
#include "app/json_writer.h"
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "market/bars/itch_bars.h"
#include "market/itch/decoder.h"
#include "market/itch/feed_stats.h"
#include "market/itch/file_stats.h"
#include "market/moldudp64/endpoint.h"
#include "market/moldudp64/itch_session_handler.h"
#include "market/moldudp64/udp_receiver.h"
#include "market/moldudp64/udp_sender.h"
#include "market/ohlcv_file.h"

namespace sp::app {
namespace {

namespace mold = market::moldudp64;

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

constexpr std::string_view kItchHelp = R"(Usage: stockpulse itch FILE --stats
       stockpulse itch FILE --symbol SYM --bars 1m|1s --out FILE.csv [--date YYYY-MM-DD]
       stockpulse itch --udp HOST:PORT [--timeout SECONDS] [--join-late]

Reads NASDAQ TotalView-ITCH 5.0 and prints what it holds as JSON.

FILE is a NASDAQ binary ITCH file: a 2-byte big-endian length before each message. A zero length
means the message type's spec length (some tools write zeros). An unknown message type is skipped
by its length and counted; a truncated or malformed message is counted and reported with its byte
offset.

Options:
  --stats            {"messages", "by_type" (counts per type letter), "unknown", "truncated",
                     "malformed", "oversized", "symbols" (locates with a Stock Directory message),
                     "seconds", "ns_per_message" (parse only), "errors": [{offset, kind, what}]}.
  --bars 1m|1s       With --symbol and --out: OHLCV bars of the symbol's printable trades (order
                     executions, executions with price marked printable, non-cross and cross
                     trades), replayed through full-depth order books. CSV with the header
                     time,open,high,low,close,volume; one row per interval that had a trade; time
                     is the interval's start in exchange time (ITCH counts nanoseconds from
                     midnight, US Eastern), ISO 8601 without a zone: 2010-12-24T09:30:00.
                     Written to FILE.csv.tmp and renamed.
  --date YYYY-MM-DD  The trading day for the bars' time column. ITCH files do not carry one:
                     default, the first YYYYMMDD in the file's name (ex20101224 -> 2010-12-24),
                     else 1970-01-01.
  --udp HOST:PORT    Listen for a MoldUDP64 stream (as sent by stockpulse itch-send) instead of
                     reading a file; stops at the end of the session, after --timeout seconds
                     without a packet, or on Ctrl-C. Gaps in the sequence are reported and counted.
                     Prints the stream's counts (packets, messages, gaps, missing messages,
                     duplicates, heartbeats, malformed) and the ITCH counts as above.
  --timeout S        Seconds without a packet before giving up (default 10).
  --join-late        Accept a stream already under way (the first packet's sequence sets the start)
                     instead of reporting messages before it as a gap.
  -h, --help         Show this help.

Exit status: 0 on success (a gap is reported, not an error); 1 when the file cannot be read, or no
datagram arrived on HOST:PORT within the timeout; 2 on a usage error.
)";

constexpr std::string_view kSendHelp = R"(Usage: stockpulse itch-send FILE --to HOST:PORT [--speed 1x|10x|max] [--rate PACKETS/S] [--session NAME]

Replays a NASDAQ binary ITCH 5.0 file as a MoldUDP64 stream: messages packed into datagrams of at
most 1400 bytes with a session name and sequence numbers, heartbeats every second while idle, and
three end-of-session packets at the end. Re-request packets for recent messages are answered.

Options:
  --to HOST:PORT     Where to send (IPv4, [IPv6] or a name).
  --speed S          1x: at the pace of the messages' own timestamps; 10x (or any Nx): N times
                     faster; max: as fast as the socket takes them (default 1x). A UDP sender is
                     never slowed by a slow listener, so at max a slow listener sees gaps.
  --rate P           With max: at most P packets a second (default: no cap).
  --session NAME     The MoldUDP64 session name, at most 10 characters (default STOCKPULSE).
  -h, --help         Show this help.

Prints the sender's counts as JSON. Progress on a terminal. Ctrl-C ends the session cleanly.
)";

struct CountingHandler : market::itch::NullHandler {
  using market::itch::NullHandler::on;
};

// The trading day from `--date`, else the first plausible YYYYMMDD in the file name, else 1970-01-01:
// epoch milliseconds of its midnight. False when --date is malformed.
bool trading_day(const Args& args, const std::string& path, std::int64_t* midnight_ms) {
  if (auto d = args.get("date")) return d->size() == 10 && market::parse_time(*d, midnight_ms);
  const std::string name = std::filesystem::path(path).filename().string();
  static const std::regex kDigits("(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])");
  std::smatch m;
  if (std::regex_search(name, m, kDigits)) {
    const std::string d = m.str();
    if (market::parse_time(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2), midnight_ms)) return true;
  }
  *midnight_ms = 0;
  return true;
}

std::string price_text(std::uint32_t ticks) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%04u", ticks / 10000, ticks % 10000);
  return buf;
}

int write_bars(const Args& args) {
  const std::string path = args.positional()[0];
  const auto tf = args.get("bars");
  std::uint64_t interval_ns = 0;
  if (*tf == "1m") {
    interval_ns = 60'000'000'000;
  } else if (*tf == "1s") {
    interval_ns = 1'000'000'000;
  } else {
    return usage_error("itch", "--bars '" + *tf + "' is not a timeframe: 1m or 1s");
  }
  const auto symbol = args.get("symbol");
  if (!symbol || symbol->empty()) return usage_error("itch", "--bars needs --symbol SYM");
  const auto out = args.get("out");
  if (!out || out->empty()) return usage_error("itch", "--bars needs --out FILE.csv");
  std::int64_t midnight_ms = 0;
  if (!trading_day(args, path, &midnight_ms)) {
    return usage_error("itch", "--date '" + *args.get("date") + "' is not a date (YYYY-MM-DD)");
  }
  std::string error;
  const auto bars = market::bars::itch_file_bars(path, *symbol, interval_ns, &error);
  if (!bars) return runtime_error("itch", error);
  std::string csv = "time,open,high,low,close,volume\n";
  for (const auto& b : *bars) {
    std::string t = market::format_time(midnight_ms + static_cast<std::int64_t>(b.start_ns / 1'000'000));
    if (!t.empty() && t.back() == 'Z') t.pop_back();  // exchange time, not UTC
    csv += t + "," + price_text(b.open) + "," + price_text(b.high) + "," + price_text(b.low) + "," +
           price_text(b.close) + "," + std::to_string(b.volume) + "\n";
  }
  const std::string tmp = *out + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return runtime_error("itch", "cannot write " + *out + ": cannot create " + tmp);
  const bool wrote = std::fwrite(csv.data(), 1, csv.size(), f) == csv.size();
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed || std::rename(tmp.c_str(), out->c_str()) != 0) {
    std::remove(tmp.c_str());
    return runtime_error("itch", "cannot write " + *out);
  }
  std::string json = "{\"file\":";
  append_json_string(*out, &json);
  json += ",\"symbol\":";
  append_json_string(*symbol, &json);
  json += ",\"bars\":" + std::to_string(bars->size()) + "}\n";
  std::fputs(json.c_str(), stdout);
  return kExitOk;
}

int run_itch(const std::vector<std::string>& argv) {
  Args args("itch");
  args.flag("stats").option("udp").option("timeout").flag("join-late").option("symbol").option("bars");
  args.option("out").option("date").positionals(1);
  if (!args.parse(argv)) return usage_error(args.command(), args.error());
  if (args.help()) return print_help(kItchCommand);
  if (auto udp = args.get("udp")) {
    if (!args.positional().empty()) return usage_error("itch", "give either FILE or --udp HOST:PORT, not both");
    std::string error;
    const auto at = mold::resolve_endpoint(*udp, &error);
    if (!at) return usage_error("itch", error);
    mold::ReceiverOptions options;
    std::int64_t timeout = 10;
    if (auto v = args.get("timeout")) {
      if (auto e = parse_int("--timeout", *v, 1, 86400, &timeout); !e.empty()) return usage_error("itch", e);
    }
    options.idle_timeout = std::chrono::seconds(timeout);
    if (args.has("join-late")) options.session.first_sequence = std::nullopt;
    options.stop = &g_stop;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    auto rx = mold::UdpReceiver::open(*at, options, &error);
    if (!rx) return runtime_error("itch", error);
    market::itch::FeedStats feed;
    CountingHandler handler;
    mold::ItchSessionHandler<CountingHandler> bridge(handler, feed);
    const mold::ReceiverStats stats = rx->run(bridge);
    std::string json = "{\"stream\":" + mold::to_json(stats) + ",\"itch\":{\"messages\":" +
                       std::to_string(feed.messages) + ",\"unknown\":" + std::to_string(feed.unknown) +
                       ",\"truncated\":" + std::to_string(feed.truncated) +
                       ",\"malformed\":" + std::to_string(feed.malformed) + "}}\n";
    std::fputs(json.c_str(), stdout);
    if (!stats.ok()) return runtime_error("itch", stats.error);
    if (stats.datagrams == 0) {
      return runtime_error("itch", "no datagram on " + *udp + " within " + std::to_string(timeout) + " s");
    }
    return kExitOk;
  }
  if (args.positional().empty()) return usage_error("itch", "missing FILE (or --udp HOST:PORT)");
  if (args.has("bars")) return write_bars(args);
  if (!args.has("stats")) return usage_error("itch", "say what to print: --stats or --bars");
  const market::itch::FileStats stats = market::itch::itch_file_stats(args.positional()[0]);
  if (!stats.ok()) return runtime_error("itch", stats.error);
  std::fputs((market::itch::to_json(stats) + "\n").c_str(), stdout);
  return kExitOk;
}

int run_send(const std::vector<std::string>& argv) {
  Args args("itch-send");
  args.option("to").option("speed").option("rate").option("session").positionals(1);
  if (!args.parse(argv)) return usage_error(args.command(), args.error());
  if (args.help()) return print_help(kItchSendCommand);
  if (args.positional().empty()) return usage_error("itch-send", "missing FILE");
  const auto to = args.get("to");
  if (!to) return usage_error("itch-send", "--to HOST:PORT is required");
  std::string error;
  if (!mold::resolve_endpoint(*to, &error)) return usage_error("itch-send", error);
  mold::SenderOptions options;
  if (auto v = args.get("speed")) {
    auto speed = mold::parse_speed(*v, &error);
    if (!speed) return usage_error("itch-send", error);
    options.speed = *speed;
  }
  if (auto v = args.get("rate")) {
    std::uint64_t rate = 0;
    if (auto e = parse_uint64("--rate", *v, &rate); !e.empty()) return usage_error("itch-send", e);
    options.max_packets_per_second = rate;
  }
  if (auto v = args.get("session")) {
    if (v->empty() || v->size() > 10) return usage_error("itch-send", "--session must be 1 to 10 characters");
    options.session = mold::make_session(*v);
  }
  options.stop = &g_stop;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const mold::SenderStats stats = mold::send_itch_file(args.positional()[0], *to, options);
  if (!stats.ok()) return runtime_error("itch-send", stats.error);
  std::fputs((mold::to_json(stats) + "\n").c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command kItchCommand{"itch", "decode a NASDAQ ITCH 5.0 file or MoldUDP64 stream and report on it", kItchHelp,
                           run_itch};
const Command kItchSendCommand{"itch-send", "replay an ITCH 5.0 file as a MoldUDP64 stream over UDP", kSendHelp,
                               run_send};

}  // namespace sp::app
