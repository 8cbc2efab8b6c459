// bench_cache_traces: replays public cache traces through our W-TinyLFU policy (the same
// WTinyLfuPolicy the serve/ cache shards run, one shard, every entry of charge 1), through LRU, and
// through Belady's offline optimum, at several cache sizes per trace, and prints and writes the hit
// ratios (CSV: trace,size,lru,wtinylfu,belady).
//
//   bench_cache_traces [--traces DIR] [--trace NAME]... [--limit N] [--out FILE|-] [--check]
//                      [--adaptation ghost|climb|none] [--window F] [--climb-period P]
//                      [--climb-step S] [--fractions F,F,...]
//
// DIR defaults to ../shared/data/cache-traces: lirs/*.trace.gz (text, one integer key a line) and
// cache2k/*.trace.xz (big-endian 32-bit keys), read through `gzip -dc` and `xz -dc`. --limit
// replays only the first N requests of each trace. Sizes are 1%, 5%, 10%, 20% and 40% of the
// trace's distinct keys (at least 2; see --fractions). Belady here may decline to cache a key
// (bypass), which makes it the bound for admission policies too: no policy can have more hits on
// the same trace.
//
// --adaptation picks how the policy sizes its window (ghost feedback by default, as the cache
// runs; climb is Caffeine's hill climbing; none keeps 1%), to compare them. --window sets the
// initial window share (0.01), --climb-period and --climb-step the climber's period (x entries)
// and initial step (x capacity). --fractions replaces the sizes (default 0.01,0.05,0.1,0.2,0.4),
// e.g. to check that a policy change holds between the sizes of the table.
// --check: exit 1 unless Belady >= LRU and Belady >= W-TinyLFU everywhere (the ctest smoke test).
// Exit 77 (ctest's skip) when the trace folder is absent, unless CI=true, where that is exit 1.
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "serve/cache/wtinylfu_policy.h"

namespace fs = std::filesystem;
using sp::serve::cache::PolicyNode;
using sp::serve::cache::Queue;
using sp::serve::cache::WTinyLfuOptions;
using sp::serve::cache::WTinyLfuPolicy;

namespace {

struct Trace {
  std::string name;
  std::vector<std::uint64_t> raw;  // keys as in the file
  std::vector<std::uint32_t> ids;  // dense 0..distinct-1
  std::uint32_t distinct = 0;
};

bool g_progress = false;

void progress(const char* what, const std::string& name) {
  if (g_progress) std::fprintf(stderr, "\r\033[K%s %s", what, name.c_str());
}

// Runs `command` and returns its standard output, or an error message in `error`.
bool read_command(const std::string& command, std::string& out, std::string& error) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    error = "cannot run: " + command;
    return false;
  }
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status != 0) {
    error = "failed (status " + std::to_string(status) + "): " + command;
    return false;
  }
  return true;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool load(const fs::path& path, std::size_t limit, Trace& trace, std::string& error) {
  const std::string file = path.filename().string();
  const bool lirs = file.ends_with(".trace.gz");
  trace.name = file.substr(0, file.find('.'));
  std::string bytes;
  const std::string command =
      std::string(lirs ? "gzip -dc " : "xz -dc ") + shell_quote(path.string()) + " 2>&1";
  if (!read_command(command, bytes, error)) return false;
  if (lirs) {
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    std::size_t line = 1;
    while (p < end && trace.raw.size() < limit) {
      const char* eol =
          static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (eol == nullptr) eol = end;
      std::string_view text(p, static_cast<std::size_t>(eol - p));
      while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
      // "*" is a LIRS checkpoint marker, not a request.
      if (!text.empty() && text != "*") {
        std::uint64_t key = 0;
        for (char c : text) {
          if (c < '0' || c > '9') {
            error = path.string() + ":" + std::to_string(line) + ": not a key: \"" +
                    std::string(text) + "\"";
            return false;
          }
          key = key * 10 + static_cast<std::uint64_t>(c - '0');
        }
        trace.raw.push_back(key);
      }
      p = eol + 1;
      ++line;
    }
  } else {
    if (bytes.size() % 4 != 0) {
      error = path.string() + ": " + std::to_string(bytes.size()) +
              " bytes, not a whole number of 32-bit keys";
      return false;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = std::min(bytes.size() / 4, limit);
    trace.raw.reserve(n);
    for (std::size_t i = 0; i < n; ++i, b += 4)
      trace.raw.push_back(std::uint64_t{b[0]} << 24 | std::uint64_t{b[1]} << 16 |
                          std::uint64_t{b[2]} << 8 | b[3]);
  }
  std::unordered_map<std::uint64_t, std::uint32_t> dense;
  dense.reserve(trace.raw.size() / 4);
  trace.ids.reserve(trace.raw.size());
  for (std::uint64_t key : trace.raw) {
    auto [it, fresh] = dense.try_emplace(key, static_cast<std::uint32_t>(dense.size()));
    trace.ids.push_back(it->second);
  }
  trace.distinct = static_cast<std::uint32_t>(dense.size());
  return true;
}

std::uint64_t run_lru(const Trace& t, std::uint32_t size) {
  constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<std::uint32_t> prev(t.distinct, kNone), next(t.distinct, kNone);
  std::vector<char> resident(t.distinct, 0);
  std::uint32_t head = kNone, tail = kNone;  // head: least recently used
  std::uint32_t count = 0;
  std::uint64_t hits = 0;
  auto unlink = [&](std::uint32_t k) {
    (prev[k] == kNone ? head : next[prev[k]]) = next[k];
    (next[k] == kNone ? tail : prev[next[k]]) = prev[k];
  };
  auto push_back = [&](std::uint32_t k) {
    prev[k] = tail;
    next[k] = kNone;
    (tail == kNone ? head : next[tail]) = k;
    tail = k;
  };
  for (std::uint32_t k : t.ids) {
    if (resident[k]) {
      ++hits;
      unlink(k);
      push_back(k);
      continue;
    }
    if (count == size) {
      const std::uint32_t old = head;
      unlink(old);
      resident[old] = 0;
      --count;
    }
    push_back(k);
    resident[k] = 1;
    ++count;
  }
  return hits;
}

WTinyLfuOptions g_policy;
std::vector<double> g_fractions = {0.01, 0.05, 0.10, 0.20, 0.40};

std::uint64_t run_wtinylfu(const Trace& t, std::uint32_t size) {
  WTinyLfuOptions options = g_policy;
  options.capacity = size;
  WTinyLfuPolicy policy(options);
  std::vector<PolicyNode> nodes(t.distinct);
  std::uint64_t count = 0;
  std::uint64_t hits = 0;
  for (std::size_t i = 0; i < t.ids.size(); ++i) {
    PolicyNode& n = nodes[t.ids[i]];
    if (n.queue != Queue::none) {
      ++hits;
      policy.on_hit(&n);
      continue;
    }
    n.hash = t.raw[i];
    n.charge = 1;
    ++count;
    policy.on_insert(&n, count, [&](PolicyNode*) { --count; });
  }
  return hits;
}

// Belady's MIN with bypass: on a miss, the key is cached only if it is used again sooner than the
// cached key used furthest in the future, which it then replaces.
std::uint64_t run_belady(const Trace& t, const std::vector<std::uint32_t>& next_use,
                         std::uint32_t size) {
  constexpr std::uint32_t kNever = UINT32_MAX;
  std::vector<std::uint32_t> cached_next(t.distinct, 0);
  std::vector<char> resident(t.distinct, 0);
  std::priority_queue<std::pair<std::uint32_t, std::uint32_t>> furthest;  // (next use, key), lazy
  std::uint32_t count = 0;
  std::uint64_t hits = 0;
  auto top_valid = [&] {
    while (!furthest.empty()) {
      auto [when, k] = furthest.top();
      if (resident[k] && cached_next[k] == when) return true;
      furthest.pop();
    }
    return false;
  };
  for (std::size_t i = 0; i < t.ids.size(); ++i) {
    const std::uint32_t k = t.ids[i];
    const std::uint32_t when = next_use[i];
    if (resident[k]) {
      ++hits;
      if (when == kNever) {  // never used again: free the slot
        resident[k] = 0;
        --count;
      } else {
        cached_next[k] = when;
        furthest.emplace(when, k);
      }
      continue;
    }
    if (when == kNever) continue;
    if (count == size) {
      top_valid();
      auto [far, victim] = furthest.top();
      if (far <= when) continue;  // the newcomer is needed later than everything cached
      furthest.pop();
      resident[victim] = 0;
      --count;
    }
    resident[k] = 1;
    cached_next[k] = when;
    furthest.emplace(when, k);
    ++count;
  }
  return hits;
}

std::vector<std::uint32_t> next_uses(const Trace& t) {
  std::vector<std::uint32_t> next(t.ids.size());
  std::vector<std::uint32_t> seen(t.distinct, UINT32_MAX);
  for (std::size_t i = t.ids.size(); i-- > 0;) {
    next[i] = seen[t.ids[i]];
    seen[t.ids[i]] = static_cast<std::uint32_t>(i);
  }
  return next;
}

int usage(const char* message) {
  std::fprintf(stderr, "bench_cache_traces: %s\n", message);
  std::fprintf(
      stderr,
      "usage: bench_cache_traces [--traces DIR] [--trace NAME]... [--limit N] [--out "
      "FILE|-] [--check]\n"
      "                          [--adaptation ghost|climb|none] [--window F]\n"
      "                          [--climb-period P] [--climb-step S] [--fractions F,...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = fs::path(SP_SHARED_DATA_DIR) / "cache-traces";
  fs::path out = fs::path(SP_SOURCE_DIR) / "bench" / "results" / "cache_traces.csv";
  std::vector<std::string> only;
  std::size_t limit = SIZE_MAX;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)name;
      return argv[++i];
    };
    if (arg == "--traces" || arg == "--trace" || arg == "--limit" || arg == "--out") {
      const char* v = value(arg.c_str());
      if (v == nullptr) return usage((arg + " needs a value").c_str());
      if (arg == "--traces") dir = v;
      if (arg == "--trace") only.emplace_back(v);
      if (arg == "--out") out = v;
      if (arg == "--limit") {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v, &end, 10);
        if (*v == '\0' || *end != '\0' || n == 0) return usage("--limit needs a positive integer");
        limit = n;
      }
    } else if (arg == "--adaptation" && i + 1 < argc) {
      const std::string mode = argv[++i];
      if (mode == "ghost")
        g_policy.adaptation = sp::serve::cache::WindowAdaptation::ghost_feedback;
      else if (mode == "climb")
        g_policy.adaptation = sp::serve::cache::WindowAdaptation::hill_climbing;
      else if (mode == "none")
        g_policy.adaptation = sp::serve::cache::WindowAdaptation::none;
      else
        return usage("--adaptation takes ghost, climb or none");
    } else if ((arg == "--window" || arg == "--climb-period" || arg == "--climb-step") &&
               i + 1 < argc) {
      char* end = nullptr;
      const double v = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(v > 0) || (arg == "--window" && v > 1))
        return usage((arg + " needs a positive number (--window at most 1)").c_str());
      (arg == "--window"         ? g_policy.window_fraction
       : arg == "--climb-period" ? g_policy.climb_period
                                 : g_policy.climb_step) = v;
    } else if (arg == "--fractions" && i + 1 < argc) {
      g_fractions.clear();
      for (char* p = argv[++i]; *p != '\0';) {
        char* end = nullptr;
        const double f = std::strtod(p, &end);
        if (end == p || !(f > 0) || f > 1 || (*end != ',' && *end != '\0'))
          return usage("--fractions takes numbers in (0, 1], separated by commas");
        g_fractions.push_back(f);
        p = *end == ',' ? end + 1 : end;
      }
    } else if (arg == "--check") {
      check = true;
    } else if (arg == "--help" || arg == "-h") {
      usage("replays cache traces through LRU, W-TinyLFU and Belady");
      return 0;
    } else {
      return usage(("unknown argument " + arg).c_str());
    }
  }
  g_progress = ::isatty(2) != 0;

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    const char* ci = std::getenv("CI");
    const bool under_ci = ci != nullptr && std::string(ci) == "true";
    std::fprintf(stderr, "bench_cache_traces: %s: no such folder (the shared data is absent)%s\n",
                 dir.string().c_str(), under_ci ? "; CI=true, so this fails" : "; skipping");
    return under_ci ? 1 : 77;
  }
  std::vector<fs::path> files;
  for (const char* sub : {"lirs", "cache2k"}) {
    for (const auto& e : fs::directory_iterator(dir / sub, ec)) {
      const std::string f = e.path().filename().string();
      if (!f.ends_with(".trace.gz") && !f.ends_with(".trace.xz")) continue;
      const std::string name = f.substr(0, f.find('.'));
      if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    // lirs first, then cache2k, each by name
    const bool la = a.string().ends_with(".gz"), lb = b.string().ends_with(".gz");
    return la != lb ? la : a.filename() < b.filename();
  });
  if (files.empty()) {
    std::fprintf(stderr, "bench_cache_traces: no trace matched under %s\n", dir.string().c_str());
    return 1;
  }

  std::string csv = "trace,size,lru,wtinylfu,belady\n";
  bool ok = true;
  std::printf("%-10s %9s %8s %8s | %7s %9s %7s | %s\n", "trace", "requests", "distinct", "size",
              "lru%", "wtinylfu%", "belady%", "vs lru");
  for (const fs::path& path : files) {
    Trace t;
    std::string error;
    progress("reading", path.filename().string());
    if (!load(path, limit, t, error)) {
      std::fprintf(stderr, "\nbench_cache_traces: %s\n", error.c_str());
      return 1;
    }
    const std::vector<std::uint32_t> next = next_uses(t);
    std::vector<std::uint32_t> sizes;
    for (double f : g_fractions) {
      const auto s = std::max<std::uint32_t>(2, static_cast<std::uint32_t>(f * t.distinct + 0.5));
      if (sizes.empty() || sizes.back() != s) sizes.push_back(s);
    }
    for (std::uint32_t size : sizes) {
      progress("replaying", t.name + " size " + std::to_string(size));
      const double n = static_cast<double>(t.ids.size());
      const double lru = static_cast<double>(run_lru(t, size)) / n;
      const double w = static_cast<double>(run_wtinylfu(t, size)) / n;
      const double opt = static_cast<double>(run_belady(t, next, size)) / n;
      if (g_progress) std::fprintf(stderr, "\r\033[K");
      std::printf("%-10s %9zu %8u %8u | %7.2f %9.2f %7.2f | %+.2f\n", t.name.c_str(), t.ids.size(),
                  t.distinct, size, 100 * lru, 100 * w, 100 * opt, 100 * (w - lru));
      std::fflush(stdout);
      char line[160];
      std::snprintf(line, sizeof line, "%s,%u,%.4f,%.4f,%.4f\n", t.name.c_str(), size, lru, w, opt);
      csv += line;
      if (opt < lru || opt < w) {
        ok = false;
        std::fprintf(
            stderr,
            "bench_cache_traces: %s size %u: Belady %.4f below LRU %.4f or W-TinyLFU %.4f\n",
            t.name.c_str(), size, opt, lru, w);
      }
    }
  }
  if (out != "-") {
    fs::create_directories(out.parent_path(), ec);
    std::ofstream f(out);
    f << csv;
    if (!f) {
      std::fprintf(stderr, "bench_cache_traces: cannot write %s\n", out.string().c_str());
      return 1;
    }
    std::fprintf(stderr, "wrote %s\n", out.string().c_str());
  }
  return check && !ok ? 1 : 0;
}
