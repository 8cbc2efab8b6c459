// Ingestor: batches a feed's bars and trades into a MarketStore, and says when they are stored.
//
// A feed is a sequence of positions (an ITCH file's message numbers, a UDP stream's sequence
// numbers). For each position the feed adds the records it produced (zero or more bars and
// trades), then calls advance(position). The Ingestor commits what is pending, with the
// checkpoint "everything up to position P is stored", in one MarketStore::write when
// `max_records` records are pending or the oldest pending one has waited `max_delay`. Only after
// that write returns ok does it call the acknowledgement handler with P: an acknowledged position
// is stored, whatever happens to the process afterwards (to the degree StoreOptions::durability
// says).
//
// Resuming: start() reads the source's checkpoint. The feed skips every position up to
// resume_after() and goes on from the next one. Trades are keyed by (source, source_seq), so even
// a feed that replays a little too much stores no duplicate. Bars are upserted whole: a bar that
// was still forming at the checkpoint is stored as it stood, so a bar builder must start from it
// (MarketStore::bars(symbol, timeframe, kBeginningOfTime, kEndOfTime, 1, Order::kNewestFirst))
// and not from nothing, or the resumed bar would replace the stored one with only its later part.
//
// Bars with the same key added before a flush are coalesced (the last one is kept), so a bar
// builder can add its forming bar after every trade and only the latest state is written.
//
// Errors: a failed write leaves everything pending, nothing is dropped; the next advance(),
// poll() or flush() tries again (a rewrite is always safe). The failure is returned to the caller
// who decides whether to retry, wait or stop.
//
// No thread and no timer: the time check happens in advance() and poll(); a feed that goes quiet
// calls poll() now and then so that its last records do not wait for the next message.
// Pending records are copied into a reused batch and bars are found by key in a reused table:
// after warm-up, adding allocates nothing for symbols and timeframes of up to 15 bytes.
//
// The destructor does not flush (it could not report a failure): call flush() when the feed ends.
// Whatever was not acknowledged is simply given again after a restart.
//
// Thread safety: thread-compatible, like MarketStore. REQUIRES: `store` outlives the Ingestor and
// no one else writes checkpoints for `source`.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/status.h"
#include "store/store.h"
#include "store/write_batch.h"

namespace sp::store {

class Ingestor {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    std::size_t max_records = 1000;            // flush when this many bars + trades are pending
    std::chrono::milliseconds max_delay{250};  // or when the oldest has waited this long
    // Reads the time; tests give a fake clock.
    std::function<Clock::time_point()> now = [] { return Clock::now(); };
  };

  Ingestor(MarketStore& store, std::string source, Options options);
  Ingestor(MarketStore& store, std::string source) : Ingestor(store, std::move(source), {}) {}

  Ingestor(const Ingestor&) = delete;
  Ingestor& operator=(const Ingestor&) = delete;

  // Called with P after the write holding everything up to position P returned ok.
  void on_acknowledged(std::function<void(std::int64_t position)> handler) {
    on_ack_ = std::move(handler);
  }

  // Reads the stored checkpoint. Call once, before the first add.
  Status start();
  // The stored position to resume after (nullopt: from the beginning). REQUIRES: start() was ok.
  std::optional<std::int64_t> resume_after() const { return acknowledged_; }

  void add(const StoredTrade& trade);
  void add(const StoredBar& bar);

  // Every record of positions <= `position` has been added. Flushes when due. An error for a
  // position before the last one given (positions only move forward).
  Status advance(std::int64_t position);

  // Flushes when the oldest pending record (or an unacknowledged position) has waited max_delay.
  Status poll();

  // Writes everything pending now, with the last position given as the checkpoint. An error if
  // records were added after the last advance(): they belong to a position not yet complete, and
  // storing them with an older checkpoint would apply them twice to a bar after a restart.
  Status flush();

  // The last position acknowledged (stored), or nullopt.
  std::optional<std::int64_t> acknowledged() const { return acknowledged_; }
  std::size_t pending_records() const { return batch_.bars.size() + batch_.trades.size(); }
  const std::string& source() const { return source_; }

 private:
  bool due(Clock::time_point now) const;

  MarketStore& store_;
  std::string source_;
  Options options_;
  std::function<void(std::int64_t)> on_ack_;

  WriteBatch batch_;
  // Finds a pending bar by key: open addressing over batch_.bars, slot = index + 1 (0 empty),
  // size a power of two at least twice the pending bars. Reused across flushes, so coalescing
  // allocates nothing after warm-up.
  std::size_t* find_bar_slot(const StoredBar& bar);
  void grow_bar_slots();
  std::vector<std::size_t> bar_slots_;
  std::optional<std::int64_t> acknowledged_;
  std::optional<std::int64_t> given_;  // the last position passed to advance()
  bool added_since_advance_ = false;
  bool started_ = false;
  Clock::time_point oldest_pending_{};  // meaningful when something is pending
  bool has_pending_ = false;
};

}  // namespace sp::store
