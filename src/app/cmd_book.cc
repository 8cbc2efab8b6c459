// `stockpulse book`: the full-depth order book of one symbol after the first N messages of an
// ITCH 5.0 file (market/book).
#include <cstdio>

#include "app/args.h"
#include "app/command.h"
#include "market/book/snapshot.h"

namespace sp::app {
namespace {

constexpr std::string_view kHelp =
    R"(Usage: stockpulse book FILE --symbol SYM [--after N] [--depth D]

Replays a NASDAQ binary ITCH 5.0 file through full-depth order books and prints one symbol's book:
  {"symbol": "AAPL", "bids": [[price, shares, orders], ...], "asks": [...]}
best level first, prices with 4 decimals.

Options:
  --symbol SYM   The stock, as named by the file's Stock Directory (R) messages.
  --after N      Apply only the first N messages of the file (every message counts, system and
                 directory ones included). Default: all of them.
  --depth D      Levels a side (default 10; 0 for all).
  -h, --help     Show this help.

Exit status: 0 on success; 1 when the file cannot be read or never names SYM; 2 on a usage error.
)";

int run(const std::vector<std::string>& argv) {
  Args args("book");
  args.option("symbol").option("after").option("depth").positionals(1);
  if (!args.parse(argv)) return usage_error(args.command(), args.error());
  if (args.help()) return print_help(kBookCommand);
  if (args.positional().empty()) return usage_error("book", "missing FILE");
  const auto symbol = args.get("symbol");
  if (!symbol || symbol->empty()) return usage_error("book", "--symbol SYM is required");
  std::optional<std::uint64_t> after;
  if (auto v = args.get("after")) {
    std::uint64_t n = 0;
    if (auto e = parse_uint64("--after", *v, &n); !e.empty()) return usage_error("book", e);
    after = n;
  }
  std::int64_t depth = 10;
  if (auto v = args.get("depth")) {
    if (auto e = parse_int("--depth", *v, 0, 1'000'000, &depth); !e.empty())
      return usage_error("book", e);
  }
  std::string error;
  const auto snap = market::book::snapshot_after(args.positional()[0], *symbol, after,
                                                 static_cast<int>(depth), &error);
  if (!snap) return runtime_error("book", error);
  std::fputs((market::book::to_json(*snap) + "\n").c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command kBookCommand{"book", "the full-depth order book of one symbol in an ITCH 5.0 file",
                           kHelp, run};

}  // namespace sp::app
