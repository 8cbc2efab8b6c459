#include "store/ingestor.h"

#include <algorithm>
#include <utility>

namespace sp::store {
namespace {

std::uint64_t bar_key_hash(const StoredBar& b) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (const char c : b.symbol) mix(static_cast<unsigned char>(c));
  mix(0);
  for (const char c : b.timeframe) mix(static_cast<unsigned char>(c));
  mix(0);
  const auto start = static_cast<std::uint64_t>(b.start_ms);
  for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(start >> (8 * i)));
  return h;
}

bool same_key(const StoredBar& a, const StoredBar& b) {
  return a.start_ms == b.start_ms && a.symbol == b.symbol && a.timeframe == b.timeframe;
}

}  // namespace

Ingestor::Ingestor(MarketStore& store, std::string source, Options options)
    : store_(store), source_(std::move(source)), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return Clock::now(); };
}

Status Ingestor::start() {
  auto cp = store_.checkpoint(source_);
  if (!cp.ok()) return cp.status();
  acknowledged_ = *cp;
  given_ = *cp;
  started_ = true;
  return {};
}

void Ingestor::add(const StoredTrade& trade) {
  if (!has_pending_) {
    has_pending_ = true;
    oldest_pending_ = options_.now();
  }
  batch_.trades.push_back(trade);
  added_since_advance_ = true;
}

std::size_t* Ingestor::find_bar_slot(const StoredBar& bar) {
  const std::size_t mask = bar_slots_.size() - 1;
  for (std::size_t i = bar_key_hash(bar) & mask;; i = (i + 1) & mask) {
    std::size_t& slot = bar_slots_[i];
    if (slot == 0 || same_key(batch_.bars[slot - 1], bar)) return &slot;
  }
}

void Ingestor::grow_bar_slots() {
  bar_slots_.assign(bar_slots_.empty() ? 64 : bar_slots_.size() * 2, 0);
  for (std::size_t i = 0; i < batch_.bars.size(); ++i) *find_bar_slot(batch_.bars[i]) = i + 1;
}

void Ingestor::add(const StoredBar& bar) {
  if (!has_pending_) {
    has_pending_ = true;
    oldest_pending_ = options_.now();
  }
  added_since_advance_ = true;
  if ((batch_.bars.size() + 1) * 2 > bar_slots_.size()) grow_bar_slots();
  std::size_t* slot = find_bar_slot(bar);
  if (*slot != 0) {
    batch_.bars[*slot - 1] = bar;
    return;
  }
  batch_.bars.push_back(bar);
  *slot = batch_.bars.size();
}

bool Ingestor::due(Clock::time_point now) const {
  if (!has_pending_) return false;
  if (pending_records() >= options_.max_records) return true;
  return now - oldest_pending_ >= options_.max_delay;
}

Status Ingestor::advance(std::int64_t position) {
  if (!started_) {
    return Status::error(store_.name() + ": ingest of \"" + source_ +
                         "\": advance() before start() read the checkpoint");
  }
  if (given_ && position < *given_) {
    return Status::error(store_.name() + ": ingest of \"" + source_ + "\": position " +
                         std::to_string(position) + " is before " + std::to_string(*given_) +
                         ", the last one given (positions only move forward)");
  }
  given_ = position;
  added_since_advance_ = false;
  if (given_ == acknowledged_ && !pending_records()) return {};
  // Only records and unacknowledged positions start the clock, so one clock read per advance()
  // is all the time-keeping costs.
  const auto now = options_.now();
  if (!has_pending_) {
    has_pending_ = true;
    oldest_pending_ = now;
  }
  return due(now) ? flush() : Status();
}

Status Ingestor::poll() {
  if (!has_pending_ || added_since_advance_) return {};
  return due(options_.now()) ? flush() : Status();
}

Status Ingestor::flush() {
  if (added_since_advance_) {
    return Status::error(store_.name() + ": ingest of \"" + source_ +
                         "\": flush() with records of a position not yet complete (call "
                         "advance(position) after adding them)");
  }
  if (!has_pending_) return {};
  batch_.source = source_;
  batch_.checkpoint = given_;
  if (Status s = store_.write(batch_); !s.ok()) return s;
  acknowledged_ = given_;
  batch_.bars.clear();
  batch_.trades.clear();
  std::fill(bar_slots_.begin(), bar_slots_.end(), 0);
  has_pending_ = false;
  if (on_ack_ && acknowledged_) on_ack_(*acknowledged_);
  return {};
}

}  // namespace sp::store
