// ingest_itch_file: every printable trade of an ITCH 5.0 file, and the 1-second and 1-minute bars
// of every symbol, stored in a MarketStore through an Ingestor (store/ingestor.h): batched
// transactions, each with the checkpoint "every message up to N is stored".
//
//   ItchIngestOptions o;
//   o.source = "itch:2010-12-24:ex20101224.TEST_ITCH_50";
//   o.day_start_utc_ns = eastern_midnight_utc_ms(day_ms) * 1'000'000;   // eastern_time.h
//   ItchIngestResult r = ingest_itch_file(file, store, o);
//   if (!r.ok()) ... r.error names the file or the store and the problem
//
// Positions are message numbers in the file, from 1 (every delivered message counts, system and
// directory ones included). A trade is stored with source_seq = its message's number, so it has one
// key whichever run stores it: the store skips it when it is there already.
//
// Resuming: the source's stored checkpoint C says messages 1..C are stored. The whole file is still
// replayed through the order books (an execution needs the order it executes), the session VWAP
// and the bar builders, but records of messages <= C are not given to the store again; from C + 1
// on they are. Because the bar builders saw every trade before C + 1, the first bar written after
// a restart is the whole bar, not its later part: the stored bar is continued, not replaced. (A bar
// builder seeded from the newest stored bar would do the same for this file, but the newest stored
// bar of a symbol may belong to a later day ingested earlier, and a replay needs no such care.)
//
// What is stored: trades that count in bars (printable, non-zero shares: itch_bars.h) of stocks
// named by a Stock Directory (R) message, time = day_start_utc_ns + ITCH timestamp; bars of
// timeframes "1s" and "1m" keyed by their UTC start in milliseconds, a bar written again as it
// grows (the Ingestor keeps only the latest state of a bar per batch). Nothing is stored unless
// the whole file is sound: it is walked once before the first write, and a damaged file
// (feed_damage in feed_walk.h) is refused with nothing written.
//
// Acknowledgement: options.on_acknowledged(N) is called after each commit (everything up to
// message N is stored). A write that fails stops the ingest at once with the store's message; what
// was acknowledged stays stored, and a rerun resumes after it.
//
// Not thread-safe; the store is used by this thread only during the call.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "market/bars/itch_bars.h"
#include "market/bars/session_vwap.h"
#include "market/itch/feed_file.h"
#include "market/itch/feed_stats.h"
#include "store/ingestor.h"
#include "store/store.h"

namespace sp::market::bars {

struct ItchIngestOptions {
  std::string source;                 // the checkpoint's name; REQUIRES non-empty
  std::int64_t day_start_utc_ns = 0;  // UTC epoch nanoseconds of the ITCH day's midnight
  store::Ingestor::Options ingestor;  // batch size and delay
  std::function<void(std::int64_t position)> on_acknowledged;
  WalkProgress progress;  // between chunks of the walks (bytes of both walks, messages of this one)
};

struct ItchIngestResult {
  std::string error;  // empty on success
  itch::FeedStats feed;
  std::uint64_t messages = 0;                 // in the file
  std::optional<std::int64_t> resumed_after;  // the checkpoint found at the start
  std::optional<std::int64_t> acknowledged;   // the checkpoint at the end
  std::uint64_t trades = 0;                   // trades given to the store in this run
  std::uint64_t bars = 0;     // distinct bars (both timeframes) given to the store in this run
  std::uint64_t symbols = 0;  // stocks with a stored trade in this run
  SessionVwap vwap;           // at the end of the file, by locate
  bool ok() const { return error.empty(); }
};

ItchIngestResult ingest_itch_file(const itch::FeedFile& file, store::MarketStore& store,
                                  const ItchIngestOptions& options);

}  // namespace sp::market::bars
