// `stockpulse itch` (read an ITCH 5.0 file or a live MoldUDP64 stream and report on it) and
// `stockpulse itch-send` (replay an ITCH file as a MoldUDP64 stream).
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "app/args.h"
#include "app/command.h"
#include "app/progress.h"
#include "core/json_string.h"
#include "market/bars/eastern_time.h"
#include "market/bars/feed_walk.h"
#include "market/bars/itch_bars.h"
#include "market/bars/itch_ingest.h"
#include "market/itch/decoder.h"
#include "market/itch/feed_file.h"
#include "market/itch/feed_stats.h"
#include "market/itch/file_stats.h"
#include "market/moldudp64/endpoint.h"
#include "market/moldudp64/itch_session_handler.h"
#include "market/moldudp64/udp_receiver.h"
#include "market/moldudp64/udp_sender.h"
#include "market/ohlcv_file.h"
#include "store/store.h"
#include "store/store_url.h"

namespace sp::app {
namespace {

namespace mold = market::moldudp64;

std::atomic<bool> g_stop{false};
void on_signal(int) {
  g_stop.store(true);
}

constexpr std::string_view kItchHelp = R"(Usage: stockpulse itch FILE --stats
       stockpulse itch FILE --symbol SYM --bars 1m|1s --out FILE.csv [--vwap] [--date YYYY-MM-DD]
       stockpulse itch FILE --db URL [--date YYYY-MM-DD] [--batch N] [--acks]
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
                     Written to FILE.csv.tmp and renamed. Prints {"file", "symbol", "bars",
                     "vwap", "vwap_volume", "vwap_trades"}: the symbol's session VWAP at the end
                     of the file (null when no trade counted) and the shares and trades in it.
  --vwap             With --bars: a last column, vwap: the symbol's session VWAP (dollars) as it
                     stood after the bar's last trade; empty before the session's first trade.
                     Session VWAP = sum(price x shares) / sum(shares) over the printable trades
                     (E, C marked printable, P, Q) of regular market hours: it starts again at
                     System Event Q (start of market hours); after M (end of market hours) only
                     the closing cross (Q) still counts; pre-market and after-hours trades do not.
                     A feed without system events counts every printable trade.
  --db URL           Store every printable trade and the 1s and 1m bars of every symbol in a
                     database: PATH or sqlite:PATH (SQLite; the directory must exist),
                     postgresql://user@host:port/db (PostgreSQL), or `default` for
                     ./var/stockpulse.db (./var/ is created). Times are stored in UTC (ITCH times
                     are New York time: --date and the US daylight-saving rule give the offset).
                     Batched transactions, each with a checkpoint: "messages 1..N are stored".
                     Run again on the same file and day, it resumes after the checkpoint: nothing
                     stored twice, and a bar that was still forming is completed, not replaced
                     (the file is replayed through the books; only records past the checkpoint
                     are written). The file is checked whole first: a truncated or malformed file
                     is refused and nothing is stored. Prints {"file", "db", "source",
                     "messages", "resumed_after", "stored_through", "trades", "bars", "symbols"}
                     (trades, bars, symbols: given to the store by this run).
  --batch N          With --db: records (trades and bar updates) per transaction, 1..1000000
                     (default 1000). A commit also happens when the oldest pending record has
                     waited 250 ms.
  --acks             With --db: print {"acknowledged":N} on standard output after each commit:
                     every message up to N is stored, whatever happens to the process next.
  --date YYYY-MM-DD  The trading day for the bars' times. ITCH files do not carry one:
                     default, the first YYYYMMDD in the file's name (ex20101224 -> 2010-12-24),
                     else 1970-01-01. With --db it is also part of the checkpoint's name,
                     itch:DAY:FILENAME.
  --udp HOST:PORT    Listen for a MoldUDP64 stream (as sent by stockpulse itch-send) instead of
                     reading a file; stops at the end of the session, after --timeout seconds
                     without a packet, or on Ctrl-C. Gaps in the sequence are reported and counted.
                     Prints the stream's counts (packets, messages, gaps, missing messages,
                     duplicates, heartbeats, malformed) and the ITCH counts as above.
  --timeout S        Seconds without a packet before giving up (default 10).
  --join-late        Accept a stream already under way (the first packet's sequence sets the start)
                     instead of reporting messages before it as a gap.
  -h, --help         Show this help.

Progress (messages, %, rate) on standard error when it is a terminal, nothing otherwise.

Exit status: 0 on success (a gap is reported, not an error); 1 when the file cannot be read, is
damaged (with --bars or --db), the symbol is not in it, the database cannot be opened or a write
fails (what was acknowledged stays stored), or no datagram arrived on HOST:PORT within the
timeout; 2 on a usage error (a --db URL of an unknown scheme included).
)";

constexpr std::string_view kSendHelp =
    R"(Usage: stockpulse itch-send FILE --to HOST:PORT [--speed 1x|10x|max] [--rate PACKETS/S] [--session NAME]

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

// The trading day from `--date`, else the first plausible YYYYMMDD in the file name, else
// 1970-01-01: epoch milliseconds of its midnight. False when --date is malformed.
bool trading_day(const Args& args, const std::string& path, std::int64_t* midnight_ms) {
  if (auto d = args.get("date")) return d->size() == 10 && market::parse_time(*d, midnight_ms);
  const std::string name = std::filesystem::path(path).filename().string();
  static const std::regex kDigits("(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])");
  std::smatch m;
  if (std::regex_search(name, m, kDigits)) {
    const std::string d = m.str();
    if (market::parse_time(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2),
                           midnight_ms))
      return true;
  }
  *midnight_ms = 0;
  return true;
}

std::string price_text(std::uint32_t ticks) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%04u", ticks / 10000, ticks % 10000);
  return buf;
}

// The shortest text that reads back to the same double; "" for NaN.
std::string number_text(double v) {
  if (std::isnan(v)) return {};
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string json_number(double v) {
  const std::string t = number_text(v);
  return t.empty() ? "null" : t;
}

// The size of a file for a progress line's percentage; 0 (no percentage) when it cannot be read.
std::uint64_t file_bytes(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

// A progress line for a walk over a file: bytes done of total, messages so far.
market::bars::WalkProgress progress_of(Progress& p) {
  if (!p.enabled()) return {};
  return
      [&p](std::uint64_t done, std::uint64_t, std::uint64_t messages) { p.update(done, messages); };
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
  const bool with_vwap = args.has("vwap");
  std::string error;
  Progress progress("bars " + *symbol, file_bytes(path));
  const auto result =
      market::bars::itch_file_bars(path, *symbol, interval_ns, &error, progress_of(progress));
  progress.finish();
  if (!result) return runtime_error("itch", error);
  const auto& bars = result->bars;
  std::string csv =
      with_vwap ? "time,open,high,low,close,volume,vwap\n" : "time,open,high,low,close,volume\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    std::string t =
        market::format_time(midnight_ms + static_cast<std::int64_t>(b.start_ns / 1'000'000));
    if (!t.empty() && t.back() == 'Z') t.pop_back();  // exchange time, not UTC
    csv += t + "," + price_text(b.open) + "," + price_text(b.high) + "," + price_text(b.low) + "," +
           price_text(b.close) + "," + std::to_string(b.volume);
    if (with_vwap) csv += "," + number_text(result->vwap[i]);
    csv += "\n";
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
  core::append_json_string(json, *out);
  json += ",\"symbol\":";
  core::append_json_string(json, *symbol);
  json += ",\"bars\":" + std::to_string(bars.size());
  json += ",\"vwap\":" + json_number(result->session.value());
  json += ",\"vwap_volume\":" + std::to_string(result->session.volume);
  json += ",\"vwap_trades\":" + std::to_string(result->session.trades) + "}\n";
  std::fputs(json.c_str(), stdout);
  return kExitOk;
}

// "{\"acknowledged\":N}\n" in one write(2): a supervisor reading it sees a whole line or nothing,
// even when the process is killed right after.
void say_acknowledged(std::int64_t position) {
  const std::string line = "{\"acknowledged\":" + std::to_string(position) + "}\n";
  [[maybe_unused]] const auto n = ::write(STDOUT_FILENO, line.data(), line.size());
}

int store_feed(const Args& args) {
  const std::string path = args.positional()[0];
  for (const char* other : {"bars", "symbol", "out", "vwap", "stats"}) {
    if (args.has(other)) {
      return usage_error(
          "itch", std::string("--db stores the trades and the 1s and 1m bars of every symbol; --") +
                      other + " does not go with it (run --bars separately for a CSV)");
    }
  }
  std::string url = *args.get("db");
  if (url.empty())
    return usage_error("itch",
                       "--db needs a database: PATH, sqlite:PATH, postgresql://... or default");
  if (url == "default") url.clear();  // open_store's default: ./var/stockpulse.db
  if (auto where = store::parse_store_url(url); !where.ok())
    return usage_error("itch", "--db: " + where.error());
  std::int64_t midnight_ms = 0;
  if (!trading_day(args, path, &midnight_ms)) {
    return usage_error("itch", "--date '" + *args.get("date") + "' is not a date (YYYY-MM-DD)");
  }
  market::bars::ItchIngestOptions options;
  if (auto v = args.get("batch")) {
    std::int64_t n = 0;
    if (auto e = parse_int("--batch", *v, 1, 1'000'000, &n); !e.empty())
      return usage_error("itch", e);
    options.ingestor.max_records = static_cast<std::size_t>(n);
  }
  if (args.has("acks")) options.on_acknowledged = say_acknowledged;
  std::string error;
  // The file first: a missing file should not leave a new empty database behind.
  auto feed = market::itch::FeedFile::open(path, &error);
  if (!feed) return runtime_error("itch", error);
  auto db = store::open_store(url, &error);
  if (!db) return runtime_error("itch", error);
  std::string day = market::format_time(midnight_ms).substr(0, 10);
  options.source = "itch:" + day + ":" + std::filesystem::path(path).filename().string();
  options.day_start_utc_ns = market::bars::eastern_midnight_utc_ms(midnight_ms) * 1'000'000;
  Progress progress("store", feed->size());
  options.progress = progress_of(progress);
  const market::bars::ItchIngestResult r = market::bars::ingest_itch_file(*feed, *db, options);
  progress.finish();
  if (!r.ok()) return runtime_error("itch", r.error);
  auto opt = [](const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string("null");
  };
  std::string json = "{\"file\":";
  core::append_json_string(json, path);
  json += ",\"db\":";
  core::append_json_string(json, db->name());
  json += ",\"source\":";
  core::append_json_string(json, options.source);
  json +=
      ",\"messages\":" + std::to_string(r.messages) + ",\"resumed_after\":" + opt(r.resumed_after) +
      ",\"stored_through\":" + opt(r.acknowledged) + ",\"trades\":" + std::to_string(r.trades) +
      ",\"bars\":" + std::to_string(r.bars) + ",\"symbols\":" + std::to_string(r.symbols) + "}\n";
  std::fputs(json.c_str(), stdout);
  return kExitOk;
}

struct DirectoryCounter : market::itch::NullHandler {
  using market::itch::NullHandler::on;
  std::vector<std::uint8_t> seen = std::vector<std::uint8_t>(65536, 0);
  std::uint64_t distinct = 0;
  void on(const market::itch::StockDirectory& m) {
    distinct += seen[m.stock_locate] == 0;
    seen[m.stock_locate] = 1;
  }
};

// itch_file_stats() with a progress line: the same walk (read_framed over the whole file, the
// directory counted), in chunks so the line can be refreshed between them. Used only on a
// terminal; elsewhere itch_file_stats() itself runs, so what scripts read is its figure.
market::itch::FileStats file_stats_with_progress(const std::string& path, Progress& progress) {
  market::itch::FileStats s;
  s.path = path;
  auto file = market::itch::FeedFile::open(path, &s.error);
  if (!file) return s;
  s.file_bytes = file->size();
  DirectoryCounter counter;
  const auto t0 = std::chrono::steady_clock::now();
  market::bars::walk_feed(file->data(), file->size(), counter, s.feed, [&](std::uint64_t done) {
    progress.update(done, s.feed.messages);
    return true;
  });
  const auto t1 = std::chrono::steady_clock::now();
  s.symbols = counter.distinct;
  s.seconds = std::chrono::duration<double>(t1 - t0).count();
  s.ns_per_message = s.feed.messages ? s.seconds * 1e9 / static_cast<double>(s.feed.messages) : 0;
  return s;
}

int run_itch(const std::vector<std::string>& argv) {
  Args args("itch");
  args.flag("stats")
      .option("udp")
      .option("timeout")
      .flag("join-late")
      .option("symbol")
      .option("bars");
  args.option("out")
      .option("date")
      .flag("vwap")
      .option("db")
      .option("batch")
      .flag("acks")
      .positionals(1);
  if (!args.parse(argv)) return usage_error(args.command(), args.error());
  if (args.help()) return print_help(kItchCommand);
  if (auto udp = args.get("udp")) {
    if (!args.positional().empty())
      return usage_error("itch", "give either FILE or --udp HOST:PORT, not both");
    for (const char* file_only : {"db", "batch", "acks", "vwap"}) {
      if (args.has(file_only))
        return usage_error("itch", std::string("--") + file_only + " reads a FILE, not --udp");
    }
    std::string error;
    const auto at = mold::resolve_endpoint(*udp, &error);
    if (!at) return usage_error("itch", error);
    mold::ReceiverOptions options;
    std::int64_t timeout = 10;
    if (auto v = args.get("timeout")) {
      if (auto e = parse_int("--timeout", *v, 1, 86400, &timeout); !e.empty())
        return usage_error("itch", e);
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
    std::string json = "{\"stream\":" + mold::to_json(stats) +
                       ",\"itch\":{\"messages\":" + std::to_string(feed.messages) +
                       ",\"unknown\":" + std::to_string(feed.unknown) +
                       ",\"truncated\":" + std::to_string(feed.truncated) +
                       ",\"malformed\":" + std::to_string(feed.malformed) + "}}\n";
    std::fputs(json.c_str(), stdout);
    if (!stats.ok()) return runtime_error("itch", stats.error);
    if (stats.datagrams == 0) {
      return runtime_error("itch",
                           "no datagram on " + *udp + " within " + std::to_string(timeout) + " s");
    }
    return kExitOk;
  }
  if (args.positional().empty()) return usage_error("itch", "missing FILE (or --udp HOST:PORT)");
  if (args.has("db")) return store_feed(args);
  for (const char* only_db : {"batch", "acks"}) {
    if (args.has(only_db))
      return usage_error("itch", std::string("--") + only_db + " goes with --db");
  }
  if (args.has("bars")) return write_bars(args);
  if (args.has("vwap")) return usage_error("itch", "--vwap goes with --bars");
  if (!args.has("stats")) return usage_error("itch", "say what to do: --stats, --bars or --db");
  const std::string& path = args.positional()[0];
  Progress progress("stats", file_bytes(path));
  const market::itch::FileStats stats = progress.enabled()
                                            ? file_stats_with_progress(path, progress)
                                            : market::itch::itch_file_stats(path);
  progress.finish();
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
    if (v->empty() || v->size() > 10)
      return usage_error("itch-send", "--session must be 1 to 10 characters");
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

const Command kItchCommand{"itch",
                           "decode a NASDAQ ITCH 5.0 file or MoldUDP64 stream and report on it",
                           kItchHelp, run_itch};
const Command kItchSendCommand{
    "itch-send", "replay an ITCH 5.0 file as a MoldUDP64 stream over UDP", kSendHelp, run_send};

}  // namespace sp::app
