// The simulated day as bytes: into memory (benchmarks, tests) or into a file (`stockpulse
// simulate`), both in NASDAQ's binary ITCH format: 2-byte big-endian length (never zero), then the
// message, for every message of MarketSimulator (market_simulator.h) in order.
//
//   std::vector<std::uint8_t> feed;
//   generate_into(config, feed);              // appends; about 31 bytes a message
//
//   std::string error;
//   auto stats = write_itch_file("day.itch", config, &error);
//   if (!stats) fail(error);                  // "cannot write day.itch: ...", names the file
//
// write_itch_file is atomic: it writes PATH.tmp (in the same directory, through a 1 MiB buffer),
// syncs it, and renames it over PATH only when everything is written; on any failure it removes
// PATH.tmp, leaves PATH as it was (absent, or the previous file), and returns nullopt with a
// message naming PATH and what went wrong. A stale PATH.tmp from a killed run is overwritten; two
// runs writing the same PATH at once are not supported. An invalid config is refused before any
// file is touched. Progress (messages, rate) is shown on standard error when it is a terminal
// (progress = nullopt) or when forced; never otherwise.
// The bytes of the file are exactly those generate_into appends for the same config.
// Thread safety: independent calls may run on different threads (each has its own simulator).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "market/sim/market_simulator.h"

namespace sp::market::sim {

struct SimFileStats {
  std::uint64_t messages = 0;  // all of them, system events and directory included
  std::uint64_t bytes = 0;     // framing included: the file's size
  double seconds = 0;          // wall time, for a rate
};

std::optional<SimFileStats> write_itch_file(const std::string& path, const SimConfig& config,
                                            std::string* error,
                                            std::optional<bool> progress = std::nullopt);

// Appends the whole simulated day, framed, to `out`. REQUIRES: validate(config).empty().
void generate_into(const SimConfig& config, std::vector<std::uint8_t>& out);

}  // namespace sp::market::sim
