// `stockpulse simulate`: writes a simulated ITCH 5.0 trading day (market/sim) to a file.
#include <cstdio>

#include "app/args.h"
#include "app/command.h"
#include "core/json_string.h"
#include "market/sim/sim_file.h"

namespace sp::app {
namespace {

constexpr std::string_view kHelp =
    R"(Usage: stockpulse simulate --out FILE.itch [--symbols N] [--messages M] [--seed S]

Writes a valid, self-consistent NASDAQ TotalView-ITCH 5.0 trading day with standard framing (a
2-byte big-endian length before each message): system events, a stock directory of ticker-like
symbols, then order flow around a random walk on a tick grid, skewed across symbols like NASDAQ's
(a few carry most of the flow), with bursts, cancels outnumbering executions, and every execute,
cancel, delete and replace referring to a live order. The same seed gives the same bytes.

Options:
  --out FILE        Where to write. Written to FILE.tmp and renamed, so a failed run leaves no
                    partial file and keeps any previous FILE.
  --symbols N       Stock locates, 1..65535. Default 100.
  --messages M      Order-flow messages between market open and close (the file also holds one
                    directory message per symbol and six system events). Default 1000000.
  --seed S          Default 1.
  -h, --help        Show this help.

Prints {"file", "messages", "bytes", "seconds"} as JSON. Progress on a terminal.
)";

int run(const std::vector<std::string>& argv) {
  Args args("simulate");
  args.option("out").option("symbols").option("messages").option("seed");
  if (!args.parse(argv)) return usage_error(args.command(), args.error());
  if (args.help()) return print_help(kSimulateCommand);
  const auto out = args.get("out");
  if (!out || out->empty()) return usage_error("simulate", "--out FILE is required");
  market::sim::SimConfig config;
  std::int64_t symbols = config.symbols;
  std::uint64_t messages = config.messages, seed = config.seed;
  if (auto v = args.get("symbols")) {
    if (auto e = parse_int("--symbols", *v, 1, 65535, &symbols); !e.empty())
      return usage_error("simulate", e);
  }
  if (auto v = args.get("messages")) {
    if (auto e = parse_uint64("--messages", *v, &messages); !e.empty())
      return usage_error("simulate", e);
  }
  if (auto v = args.get("seed")) {
    if (auto e = parse_uint64("--seed", *v, &seed); !e.empty()) return usage_error("simulate", e);
  }
  config.symbols = static_cast<std::uint32_t>(symbols);
  config.messages = messages;
  config.seed = seed;
  if (std::string bad = market::sim::validate(config); !bad.empty())
    return usage_error("simulate", bad);
  std::string error;
  const auto stats = market::sim::write_itch_file(*out, config, &error);
  if (!stats) return runtime_error("simulate", error);
  std::string json = "{\"file\":";
  core::append_json_string(json, *out);
  json += ",\"messages\":" + std::to_string(stats->messages) +
          ",\"bytes\":" + std::to_string(stats->bytes);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.3f", stats->seconds);
  json += ",\"seconds\":" + std::string(secs) + "}\n";
  std::fputs(json.c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command kSimulateCommand{"simulate", "write a simulated ITCH 5.0 trading day to a file",
                               kHelp, run};

}  // namespace sp::app
