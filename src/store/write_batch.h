// WriteBatch: what one MarketStore::write commits, all of it or none of it.
//
// A batch holds bars (upserted by symbol, timeframe, start), trades (inserted, skipping any whose
// (source, source_seq) is stored) and optionally a checkpoint: the position in `source` (a feed's
// message sequence number, a file's line) up to which everything has been given. The checkpoint
// commits in the same transaction as the records, so after any crash the stored checkpoint and the
// stored records agree: a restart that resumes after the checkpoint neither loses nor repeats
// anything.
//
// REQUIRES: `source` is non-empty when the batch has trades or a checkpoint. Within one batch, a
// later bar with the same key as an earlier one wins.
//
// A plain value; clear() keeps the vectors' capacity so a writer can reuse one batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace sp::store {

struct WriteBatch {
  std::string source;  // names the feed, e.g. "itch:20190730.PSX_ITCH_50"
  std::optional<std::int64_t> checkpoint;
  std::vector<StoredBar> bars;
  std::vector<StoredTrade> trades;

  bool empty() const { return bars.empty() && trades.empty() && !checkpoint; }
  void clear() {
    source.clear();
    checkpoint.reset();
    bars.clear();
    trades.clear();
  }
};

}  // namespace sp::store
