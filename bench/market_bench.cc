// make bench-market: ITCH 5.0 decoding and the full-depth order books on a simulated NASDAQ-like
// day held in memory, beside the simple reference book (reference_book.h) in the same run.
//
//   bench_market [--messages N] [--symbols N] [--seed S] [--reps R] [--csv FILE] [--no-reference]
//                [--book-only]   (parse + book throughput alone: for profiling)
//   SP_BENCH_MARKET_MESSAGES=N shrinks (or grows) the day the same way as --messages.
//
// What it measures, on one stream (sim::MarketSimulator: Zipf-skewed activity by locate, bursts,
// cancels outnumbering executions; 20M flow messages over 5,000 symbols by default):
//  - parse only: read_framed with a handler that does nothing (the compiler may skip loading
//    fields nobody reads; that is what a consumer of a few fields pays), and full decode: every
//    field of every message stored into its struct (an empty asm takes the struct's address, so
//    nothing can be skipped). ns/message, median of --reps runs.
//  - parse + book: read_framed into BookSet<> (every stock's full depth), ns/message, median of
//    --reps runs, each on a fresh BookSet; the reference book once (it is slow).
//  - per-message latency: each message decoded and applied alone between two reads of the
//    timestamp counter (lfence; rdtsc ... rdtscp; lfence), calibrated to ns against the steady
//    clock; the cost of the empty measurement is subtracted. p50/p99/p99.9 for add (A F),
//    execute (E C), cancel (X), delete (D), replace (U), both books.
//  - memory: bytes the fast book holds (its own account: capacities) and heap bytes in use
//    (mallinfo2) for both books, each over the peak number of live orders.
// Times are thread CPU time (CLOCK_THREAD_CPUTIME_ID) for the throughput figures: the machine is
// shared, and wall time would mostly measure the other jobs. Per-message latencies are TSC and
// include any interruption that lands inside a message (that is the tail).
//
// Output: a table on standard output with the published anchors beside our figures, and the same
// figures as CSV (--csv, default bench/results/market.csv). Progress goes to standard error only
// when it is a terminal. Exit status 0, or 2 on a usage error.
#include <malloc.h>
#include <unistd.h>
#include <x86intrin.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "market/book/book_set.h"
#include "market/book/reference_book.h"
#include "market/itch/big_endian.h"
#include "market/itch/decoder.h"
#include "market/itch/stream_reader.h"
#include "market/sim/market_simulator.h"

namespace {

using namespace sp::market;

struct Options {
  std::uint64_t messages = 20'000'000;
  std::uint32_t symbols = 5000;
  std::uint64_t seed = 42;
  int reps = 3;
  std::string csv = "bench/results/market.csv";
  bool reference = true;
  bool book_only = false;  // --book-only: parse + book throughput only (for profiling)
};

bool g_progress = false;

void progress(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void progress(const char* fmt, ...) {
  if (!g_progress) return;
  va_list ap;
  va_start(ap, fmt);
  std::fputs("\r\033[K", stderr);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fflush(stderr);
}
void progress_done() {
  if (g_progress) std::fputs("\r\033[K", stderr);
}

double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// ---- timestamp counter
// ---------------------------------------------------------------------------
inline std::uint64_t tsc_begin() {
  _mm_lfence();
  return __rdtsc();
}
inline std::uint64_t tsc_end() {
  unsigned aux;
  const std::uint64_t t = __rdtscp(&aux);
  _mm_lfence();
  return t;
}

// TSC ticks per ns, against the steady clock over ~200 ms.
double calibrate_tsc() {
  const auto c0 = std::chrono::steady_clock::now();
  const std::uint64_t t0 = __rdtsc();
  for (;;) {
    const auto c1 = std::chrono::steady_clock::now();
    const double ns = std::chrono::duration<double, std::nano>(c1 - c0).count();
    if (ns >= 2e8) return double(__rdtsc() - t0) / ns;
  }
}

// ---- handlers
// ------------------------------------------------------------------------------------ Every
// message fully materialised: the empty asm needs the struct in memory, so every field is loaded
// and stored.
struct FullDecode {
  template <class M>
  void on(const M& m) {
    asm volatile("" : : "m"(m));
  }
};

// The message classes the issue asks latency for.
enum Kind : int { kAdd, kExecute, kCancel, kDelete, kReplace, kOther, kKinds };
constexpr const char* kKindName[kKinds] = {"add",    "execute", "cancel",
                                           "delete", "replace", "other"};
int kind_of(char type) {
  switch (type) {
    case 'A':
    case 'F':
      return kAdd;
    case 'E':
    case 'C':
      return kExecute;
    case 'X':
      return kCancel;
    case 'D':
      return kDelete;
    case 'U':
      return kReplace;
    default:
      return kOther;
  }
}

struct Percentiles {
  double p50 = 0, p99 = 0, p999 = 0;
  std::uint64_t count = 0;
};

// Latency samples in TSC ticks, by kind; percentiles in ns after subtracting the timer's own cost.
struct Latencies {
  std::vector<std::uint32_t> ticks[kKinds];
  Percentiles get(int kind, double ticks_per_ns, double overhead_ticks) {
    auto& v = ticks[kind];
    Percentiles p;
    p.count = v.size();
    if (v.empty()) return p;
    auto at = [&](double q) {
      const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(q * double(v.size())));
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
      return std::max(0.0, (double(v[i]) - overhead_ticks) / ticks_per_ns);
    };
    p.p50 = at(0.50);
    p.p99 = at(0.99);
    p.p999 = at(0.999);
    return p;
  }
};

// Cost of an empty measurement (median ticks), subtracted from every sample; and the counter's
// step (the smallest non-zero difference seen): under some hypervisors the TSC a guest reads
// advances in coarse steps, and every latency is quantised to it.
double timer_overhead_ticks(std::uint64_t* step) {
  std::vector<std::uint32_t> v(200000);
  for (auto& x : v) {
    const std::uint64_t t0 = tsc_begin();
    const std::uint64_t t1 = tsc_end();
    x = static_cast<std::uint32_t>(t1 - t0);
  }
  std::uint32_t smallest = UINT32_MAX;
  for (std::uint32_t x : v) {
    if (x) smallest = std::min(smallest, x);
  }
  *step = smallest == UINT32_MAX ? 1 : smallest;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return double(v[v.size() / 2]);
}

// Walks the feed (standard framing, as the simulator writes it: never a zero prefix) and applies
// each message alone between two TSC reads. Tracks the peak of live orders.
template <class Books>
std::size_t timed_walk(const std::vector<std::uint8_t>& feed, Books& books, Latencies& lat,
                       const char* what, std::uint64_t total) {
  for (auto& v : lat.ticks) v.clear();
  std::size_t peak = 0;
  std::size_t pos = 0;
  std::uint64_t n = 0;
  while (pos + 3 <= feed.size()) {
    const std::uint8_t* p = feed.data() + pos;
    const std::size_t len = itch::load_be16(p);
    const std::uint64_t t0 = tsc_begin();
    itch::decode(p + 2, len, books);
    const std::uint64_t t1 = tsc_end();
    const std::uint64_t d = t1 - t0;
    lat.ticks[kind_of(static_cast<char>(p[2]))].push_back(
        static_cast<std::uint32_t>(std::min<std::uint64_t>(d, UINT32_MAX)));
    peak = std::max(peak, books.live_orders());
    pos += 2 + len;
    if ((++n & 0xFFFFF) == 0)
      progress("%s: per-message latency %.0f%%", what, 100.0 * double(n) / double(total));
  }
  return peak;
}

// Heap in use, large blocks included: glibc serves big allocations (the reference index's ring)
// with mmap, which uordblks leaves out and hblkhd counts.
std::size_t heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

struct Row {
  std::string metric, unit;
  double ours = 0, reference = -1;
  std::string anchor;
};

bool parse_u64(const char* s, std::uint64_t& out) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (errno || !end || *end || end == s) return false;
  out = v;
  return true;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "bench_market: %s\nusage: bench_market [--messages N] [--symbols N] [--seed S] "
               "[--reps R] [--csv FILE] [--no-reference] [--book-only]\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (const char* env = std::getenv("SP_BENCH_MARKET_MESSAGES"); env && *env) {
    if (!parse_u64(env, o.messages) || o.messages == 0)
      return usage("SP_BENCH_MARKET_MESSAGES must be a positive integer");
  }
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::uint64_t& out) {
      if (i + 1 >= argc || !parse_u64(argv[i + 1], out)) return false;
      ++i;
      return true;
    };
    std::uint64_t v = 0;
    if (a == "--messages") {
      if (!value(o.messages) || o.messages == 0)
        return usage("--messages needs a positive integer");
    } else if (a == "--symbols") {
      if (!value(v) || v == 0 || v > 65535) return usage("--symbols needs an integer in 1..65535");
      o.symbols = static_cast<std::uint32_t>(v);
    } else if (a == "--seed") {
      if (!value(o.seed)) return usage("--seed needs an integer");
    } else if (a == "--reps") {
      if (!value(v) || v == 0 || v > 100) return usage("--reps needs an integer in 1..100");
      o.reps = static_cast<int>(v);
    } else if (a == "--csv") {
      if (i + 1 >= argc) return usage("--csv needs a file");
      o.csv = argv[++i];
    } else if (a == "--no-reference") {
      o.reference = false;
    } else if (a == "--book-only") {
      o.book_only = true;
      o.reference = false;
    } else if (a == "--help" || a == "-h") {
      usage("ITCH 5.0 parse and order-book benchmark");
      return 0;
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  g_progress = isatty(STDERR_FILENO);

  // ---- the day, in memory
  // ------------------------------------------------------------------------
  const sim::SimConfig config{.symbols = o.symbols, .messages = o.messages, .seed = o.seed};
  if (const std::string err = sim::validate(config); !err.empty()) return usage(err.c_str());
  std::vector<std::uint8_t> feed;
  {
    sim::MarketSimulator simulator(config);
    feed.reserve(static_cast<std::size_t>(simulator.total_messages()) * 32);
    const std::uint64_t total = simulator.total_messages();
    std::uint64_t n = 0;
    simulator.generate([&](const std::uint8_t* p, std::size_t len) {
      feed.insert(feed.end(), p, p + len);
      if ((++n & 0xFFFFF) == 0)
        progress("simulating: %.1fM of %.1fM messages", double(n) / 1e6, double(total) / 1e6);
    });
    progress_done();
  }

  itch::FeedStats counts;
  {
    itch::NullHandler null;
    itch::read_framed(feed.data(), feed.size(), null, counts);
  }
  const double messages = double(counts.messages);
  if (counts.problems() || counts.unknown) {
    std::fprintf(stderr, "bench_market: the simulated feed did not decode cleanly\n");
    return 1;
  }

  // ---- parse only
  // --------------------------------------------------------------------------------
  std::vector<double> parse_null, parse_full;
  for (int r = 0; r < (o.book_only ? 0 : std::max(o.reps, 5)); ++r) {
    progress("parse only: run %d", r + 1);
    itch::NullHandler null;
    itch::FeedStats s;
    double t = thread_cpu_ns();
    itch::read_framed(feed.data(), feed.size(), null, s);
    parse_null.push_back((thread_cpu_ns() - t) / messages);
    FullDecode full;
    itch::FeedStats s2;
    t = thread_cpu_ns();
    itch::read_framed(feed.data(), feed.size(), full, s2);
    parse_full.push_back((thread_cpu_ns() - t) / messages);
  }

  // ---- parse + book
  // ------------------------------------------------------------------------------
  std::vector<double> book_ns;
  std::size_t live_at_end = 0;
  std::size_t fast_bytes = 0;
  std::size_t fast_heap = 0;
  for (int r = 0; r < o.reps; ++r) {
    progress("parse + book: run %d of %d", r + 1, o.reps);
    const std::size_t heap0 = heap_in_use();
    book::BookSet<> books;
    itch::FeedStats s;
    const double t = thread_cpu_ns();
    itch::read_framed(feed.data(), feed.size(), books, s);
    book_ns.push_back((thread_cpu_ns() - t) / messages);
    live_at_end = books.live_orders();
    fast_bytes = books.memory_bytes();
    fast_heap = heap_in_use() - heap0;
  }
  double ref_ns = -1;
  std::size_t ref_heap = 0;
  if (o.reference) {
    progress("reference book");
    const std::size_t heap0 = heap_in_use();
    book::ReferenceBookSet<> ref;
    itch::FeedStats s;
    const double t = thread_cpu_ns();
    itch::read_framed(feed.data(), feed.size(), ref, s);
    ref_ns = (thread_cpu_ns() - t) / messages;
    ref_heap = heap_in_use() - heap0;
    if (ref.live_orders() != live_at_end || s.messages != counts.messages) {
      std::fprintf(stderr,
                   "bench_market: the reference book ended with %zu live orders, ours %zu\n",
                   ref.live_orders(), live_at_end);
      return 1;
    }
  }

  if (o.book_only) {
    progress_done();
    std::printf("parse + book: median %.1f ns/msg, best %.1f (thread CPU, %d runs)\n",
                median(book_ns), *std::min_element(book_ns.begin(), book_ns.end()), o.reps);
    return 0;
  }

  // ---- per-message latency
  // -----------------------------------------------------------------------
  progress("calibrating the timestamp counter");
  const double ticks_per_ns = calibrate_tsc();
  std::uint64_t tsc_step = 1;
  const double overhead = timer_overhead_ticks(&tsc_step);
  Latencies fast_lat, ref_lat;
  for (auto& v : fast_lat.ticks) v.reserve(counts.messages / 2);
  std::size_t peak_live = 0;
  {
    book::BookSet<> books;
    peak_live = timed_walk(feed, books, fast_lat, "book", counts.messages);
  }
  if (o.reference) {
    book::ReferenceBookSet<> ref;
    timed_walk(feed, ref, ref_lat, "reference book", counts.messages);
  }
  progress_done();

  // ---- report
  // ------------------------------------------------------------------------------------
  std::vector<Row> rows;
  const double parse_med = median(parse_null), full_med = median(parse_full);
  const double book_med = median(book_ns);
  const double book_min = *std::min_element(book_ns.begin(), book_ns.end());
  rows.push_back({"parse_only", "ns/msg", parse_med, -1, "CppTrader 24 (published)"});
  rows.push_back({"full_decode", "ns/msg", full_med, -1, "itch-book 7 (this machine class)"});
  rows.push_back({"parse_book", "ns/msg", book_med, ref_ns,
                  "itch-book 58 (published) / 82 median (this machine class); CppTrader 120"});
  rows.push_back({"parse_book_best", "ns/msg", book_min, -1, ""});
  Percentiles fast_p[kKinds], ref_p[kKinds];
  for (int k = 0; k < kOther; ++k) {
    fast_p[k] = fast_lat.get(k, ticks_per_ns, overhead);
    if (o.reference) ref_p[k] = ref_lat.get(k, ticks_per_ns, overhead);
    const std::string n = kKindName[k];
    rows.push_back({n + "_p50", "ns", fast_p[k].p50, o.reference ? ref_p[k].p50 : -1, ""});
    rows.push_back({n + "_p99", "ns", fast_p[k].p99, o.reference ? ref_p[k].p99 : -1, ""});
    rows.push_back({n + "_p99.9", "ns", fast_p[k].p999, o.reference ? ref_p[k].p999 : -1, ""});
  }
  const double peak = double(std::max<std::size_t>(peak_live, 1));
  rows.push_back({"peak_live_orders", "orders", double(peak_live), -1, ""});
  rows.push_back({"book_bytes_per_peak_live_order", "bytes", double(fast_bytes) / peak, -1, ""});
  // The fast book's capacity is what the peak needed; the reference's heap follows its live set.
  const double end_live = double(std::max<std::size_t>(live_at_end, 1));
  rows.push_back({"heap_bytes_per_live_order", "bytes", double(fast_heap) / peak,
                  o.reference ? double(ref_heap) / end_live : -1, ""});

  std::printf("ITCH 5.0 order books: %.1fM messages (%" PRIu64
              " flow) over %u symbols, Zipf 1.0, seed %" PRIu64 ", %.0f MB in memory\n",
              messages / 1e6, o.messages, o.symbols, o.seed, double(feed.size()) / 1e6);
  std::printf(
      "thread CPU time, median of %d runs (parse: %zu); TSC %.3f GHz, timer overhead %.0f ticks "
      "subtracted\n\n",
      o.reps, parse_null.size(), ticks_per_ns, overhead);
  std::printf("%-32s %12s %12s %8s   %s\n", "", "StockPulse", "reference", "ratio", "anchor");
  auto line = [&](const char* name, double ours, double ref, const char* anchor) {
    if (ref >= 0) {
      std::printf("%-32s %12.1f %12.1f %7.1fx   %s\n", name, ours, ref, ours > 0 ? ref / ours : 0.0,
                  anchor);
    } else {
      std::printf("%-32s %12.1f %12s %8s   %s\n", name, ours, "", "", anchor);
    }
  };
  line("parse only, ns/msg", parse_med, -1, "CppTrader 24 ns (published)");
  line("full decode, ns/msg", full_med, -1, "groovg/itch-book 7 ns (this machine class)");
  line("parse + book, ns/msg (median)", book_med, ref_ns,
       "groovg/itch-book 58 ns published, 82 ns median here; CppTrader 120 ns");
  line("parse + book, ns/msg (best)", book_min, -1, "goal: <= 55 ns");
  std::printf(
      "\nper-message latency, ns (decode + book, one message between two TSC reads; the counter "
      "steps by %.1f ns here)    p50 / p99 / p99.9\n",
      double(tsc_step) / ticks_per_ns);
  for (int k = 0; k < kOther; ++k) {
    std::printf("  %-9s %10" PRIu64 " msgs   StockPulse %6.0f / %6.0f / %7.0f", kKindName[k],
                fast_p[k].count, fast_p[k].p50, fast_p[k].p99, fast_p[k].p999);
    if (o.reference) {
      std::printf("   reference %6.0f / %6.0f / %7.0f", ref_p[k].p50, ref_p[k].p99, ref_p[k].p999);
    }
    std::printf("\n");
  }
  std::printf("\nmemory: peak live orders %zu (%zu at the end of the day)\n", peak_live,
              live_at_end);
  std::printf(
      "  StockPulse book: %.1f bytes per peak live order (own account: %.1f MB); heap %.1f "
      "B/order\n",
      double(fast_bytes) / peak, double(fast_bytes) / 1e6, double(fast_heap) / peak);
  if (o.reference) {
    std::printf("  reference book:  heap %.1f bytes per live order (at the end of the day)\n",
                double(ref_heap) / end_live);
  }

  if (!o.csv.empty()) {
    std::ofstream f(o.csv);
    if (!f) {
      std::fprintf(stderr, "bench_market: cannot write %s\n", o.csv.c_str());
      return 1;
    }
    f << "metric,unit,stockpulse,reference,ratio,messages,symbols,anchor\n";
    for (const Row& r : rows) {
      char buf[512];
      if (r.reference >= 0) {
        std::snprintf(buf, sizeof buf, "%s,%s,%.2f,%.2f,%.2f,%.0f,%u,\"%s\"\n", r.metric.c_str(),
                      r.unit.c_str(), r.ours, r.reference, r.ours > 0 ? r.reference / r.ours : 0.0,
                      messages, o.symbols, r.anchor.c_str());
      } else {
        std::snprintf(buf, sizeof buf, "%s,%s,%.2f,,,%.0f,%u,\"%s\"\n", r.metric.c_str(),
                      r.unit.c_str(), r.ours, messages, o.symbols, r.anchor.c_str());
      }
      f << buf;
    }
    std::printf("\nwrote %s\n", o.csv.c_str());
  }
  return 0;
}
