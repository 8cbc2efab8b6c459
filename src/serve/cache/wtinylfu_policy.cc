#include "serve/cache/wtinylfu_policy.h"

#include <algorithm>
#include <cmath>

namespace sp::serve::cache {

namespace {

constexpr unsigned kWarmFrequency = 6;           // from here a losing candidate gets a 1/128 chance
constexpr double kClimbDecay = 0.98;             // per period
constexpr double kClimbRestartThreshold = 0.05;  // hit-ratio change that restarts the step
constexpr std::uint64_t kMinSketchEntries = 512;  // 4 KiB of counters, 5,120 counted requests
constexpr std::uint64_t kRecencyGate = 2;         // grow only if window hits x 2 >= ghost hits
constexpr double kMaxRecencyBoost = 2.0;          // at most this many units per ghost hit
constexpr unsigned kFrequentGhost = 4;            // a returning window ghost this frequent shrinks
constexpr double kUngatedWindow = 0.01;           // share of capacity the window reaches ungated

std::uint64_t sized_entries(const WTinyLfuOptions& o) {
  return o.expected_entries != 0 ? o.expected_entries : o.capacity;
}

}  // namespace

WTinyLfuPolicy::WTinyLfuPolicy(const WTinyLfuOptions& options)
    : capacity_(options.capacity),
      sketch_(std::max(kMinSketchEntries, sized_entries(options))),
      adaptation_(options.adaptation),
      protected_fraction_(options.protected_fraction) {
  const double window = std::round(static_cast<double>(capacity_) * options.window_fraction);
  window_max_ = std::min<std::uint64_t>(
      capacity_, std::max<std::uint64_t>(1, static_cast<std::uint64_t>(window)));
  protected_max_ = static_cast<std::uint64_t>(static_cast<double>(capacity_ - window_max_) *
                                              protected_fraction_);
  ungated_window_ = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::round(static_cast<double>(capacity_) * kUngatedWindow)));
  window_ghosts_.set_capacity(capacity_);
  main_ghosts_.set_capacity(capacity_);
  period_ = std::max<std::uint64_t>(
      16, static_cast<std::uint64_t>(options.climb_period *
                                     static_cast<double>(sized_entries(options))));
  step_size_ = options.climb_step * static_cast<double>(capacity_);
  step_ = step_size_;
}

void WTinyLfuPolicy::on_hit(PolicyNode* n) {
  record(true);
  sketch_.increment(n->hash);
  switch (n->queue) {
    case Queue::window:
      ++recency_.window_hits;
      window_.move_to_back(n);
      break;
    case Queue::probation:
      probation_.remove(n);
      n->queue = Queue::protected_main;
      protected_.push_back(n);
      demote_protected_overflow();
      break;
    case Queue::protected_main:
      protected_.move_to_back(n);
      break;
    case Queue::none:
      break;
  }
}

void WTinyLfuPolicy::on_remove(PolicyNode* n) {
  switch (n->queue) {
    case Queue::window:
      window_.remove(n);
      break;
    case Queue::probation:
      probation_.remove(n);
      break;
    case Queue::protected_main:
      protected_.remove(n);
      break;
    case Queue::none:
      break;
  }
  n->queue = Queue::none;
}

bool WTinyLfuPolicy::admit(const PolicyNode* candidate, const PolicyNode* victim) {
  const unsigned candidate_frequency = sketch_.frequency(candidate->hash);
  const unsigned victim_frequency = sketch_.frequency(victim->hash);
  // The candidate's count includes the visit that brought it in, a miss already paid for and the
  // window's business; its history before that must beat the victim's (ties keep the victim).
  if (candidate_frequency > victim_frequency + 1) return true;
  if (candidate_frequency >= kWarmFrequency) return (random() & 127) == 0;
  return false;
}

void WTinyLfuPolicy::demote_protected_overflow() {
  while (protected_.charge() > protected_max_) {
    PolicyNode* oldest = protected_.front();
    protected_.remove(oldest);
    oldest->queue = Queue::probation;
    probation_.push_back(oldest);
  }
}

void WTinyLfuPolicy::record(bool hit) {
  if (adaptation_ != WindowAdaptation::hill_climbing) return;
  ++(hit ? sample_hits_ : sample_misses_);
  if (sample_hits_ + sample_misses_ >= period_) climb();
}

void WTinyLfuPolicy::climb() {
  const double ratio =
      static_cast<double>(sample_hits_) / static_cast<double>(sample_hits_ + sample_misses_);
  sample_hits_ = sample_misses_ = 0;
  const double change = ratio - previous_hit_ratio_;
  previous_hit_ratio_ = ratio;
  const double amount = change >= 0 ? step_ : -step_;
  step_ = std::abs(change) >= kClimbRestartThreshold ? std::copysign(step_size_, amount)
                                                     : kClimbDecay * amount;

  resize_window(static_cast<std::int64_t>(std::llround(amount)));
}

void WTinyLfuPolicy::ghost_feedback(std::uint64_t hash, std::uint64_t charge) {
  // The recency evidence covers the current and the previous period of a capacity's worth of
  // missed charge.
  recency_.missed_charge += charge;
  if (recency_.missed_charge >= capacity_) {
    recency_.missed_charge = 0;
    recency_.previous_window_hits = recency_.window_hits;
    recency_.previous_ghost_hits = recency_.ghost_hits;
    recency_.window_hits = recency_.ghost_hits = 0;
  }
  const auto c = static_cast<double>(charge);
  const auto window_ghosts =
      static_cast<double>(std::max<std::uint64_t>(1, window_ghosts_.charge()));
  const auto main_ghosts = static_cast<double>(std::max<std::uint64_t>(1, main_ghosts_.charge()));
  const bool window_ghost = window_ghosts_.take(hash);
  if (window_ghost && sketch_.frequency(hash) >= kFrequentGhost) {
    // Seen often, yet it fell out of the window: the window is being flushed by keys seen once,
    // and the main space, which filters those out, is where it belonged (ARC's second list).
    pending_ -= c * std::max(1.0, window_ghosts / main_ghosts);
  } else if (window_ghost) {
    ++recency_.ghost_hits;
    const std::uint64_t window_hits = recency_.window_hits + recency_.previous_window_hits;
    const std::uint64_t ghost_hits = recency_.ghost_hits + recency_.previous_ghost_hits;
    // A larger window pays only where the window already catches reuse: when its own hits are
    // few beside the ghost hits (a back-and-forth scan: each returning key needs a window larger
    // than the one before), growing would only push useful entries out of the main space. Below
    // 1% of capacity (Caffeine's initial window) the window grows regardless: a window of one
    // entry catches nothing, and the gate would hold it there for good.
    if (window_max_ >= ungated_window_ && window_hits * kRecencyGate < ghost_hits) return;
    const double boost = std::clamp(static_cast<double>(window_hits) /
                                        static_cast<double>(std::max<std::uint64_t>(1, ghost_hits)),
                                    1.0, kMaxRecencyBoost);
    pending_ += boost * c * std::max(1.0, main_ghosts / window_ghosts);
  } else if (main_ghosts_.take(hash)) {
    pending_ -= c * std::max(1.0, window_ghosts / main_ghosts);
  } else {
    return;
  }
  const double whole = std::trunc(pending_);
  if (whole != 0) {
    pending_ -= whole;
    resize_window(static_cast<std::int64_t>(whole));
  }
}

void WTinyLfuPolicy::resize_window(std::int64_t delta) {
  const std::uint64_t most = capacity_ > 1 ? capacity_ - 1 : 1;
  const auto quota = static_cast<std::uint64_t>(delta < 0 ? -delta : delta);
  if (delta > 0) {
    window_max_ = std::min(most, window_max_ + quota);
  } else {
    window_max_ = window_max_ > quota + 1 ? window_max_ - quota : 1;
  }
  protected_max_ = static_cast<std::uint64_t>(static_cast<double>(capacity_ - window_max_) *
                                              protected_fraction_);
  // Move entries across the new boundary now: the window's LRU overflow to probation's MRU end,
  // and main's LRU entries into the room a larger window has.
  while (window_.charge() > window_max_) {
    PolicyNode* n = window_.front();
    window_.remove(n);
    n->queue = Queue::probation;
    probation_.push_back(n);
  }
  for (;;) {
    PolicyNode* n = probation_.front();
    if (n == nullptr) n = protected_.front();
    if (n == nullptr || window_.charge() + n->charge > window_max_) break;
    on_remove(n);
    n->queue = Queue::window;
    window_.push_back(n);
  }
  demote_protected_overflow();
}

void GhostList::add(std::uint64_t hash, std::uint64_t charge) {
  if (capacity_ == 0) return;
  order_.emplace_back(hash, charge);
  ++live_[hash];
  charge_ += charge;
  while (charge_ > capacity_) {
    auto [h, c] = order_.front();
    order_.pop_front();
    charge_ -= c;
    auto it = live_.find(h);
    if (it != live_.end() && --it->second == 0) live_.erase(it);
  }
}

bool GhostList::take(std::uint64_t hash) {
  auto it = live_.find(hash);
  if (it == live_.end()) return false;
  live_.erase(it);  // its places in order_ age out as usual
  return true;
}

std::uint64_t WTinyLfuPolicy::random() {
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  return rng_;
}

}  // namespace sp::serve::cache
