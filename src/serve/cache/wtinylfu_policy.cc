#include "serve/cache/wtinylfu_policy.h"

#include <algorithm>
#include <cmath>

namespace sp::serve::cache {

namespace {

constexpr unsigned kWarmFrequency = 6;           // from here a losing candidate gets a 1/128 chance
constexpr double kClimbDecay = 0.98;             // per period
constexpr double kClimbRestartThreshold = 0.05;  // hit-ratio change that restarts the step

}  // namespace

WTinyLfuPolicy::WTinyLfuPolicy(const WTinyLfuOptions& options)
    : capacity_(options.capacity),
      sketch_(options.expected_entries != 0 ? options.expected_entries : options.capacity),
      adaptation_(options.adaptation),
      protected_fraction_(options.protected_fraction) {
  const double window = std::round(static_cast<double>(capacity_) * options.window_fraction);
  window_max_ = std::min<std::uint64_t>(
      capacity_, std::max<std::uint64_t>(1, static_cast<std::uint64_t>(window)));
  protected_max_ = static_cast<std::uint64_t>(static_cast<double>(capacity_ - window_max_) *
                                              protected_fraction_);
  window_ghosts_.set_capacity(capacity_);
  main_ghosts_.set_capacity(capacity_);
  period_ = std::max<std::uint64_t>(
      16, static_cast<std::uint64_t>(options.climb_period *
                                     static_cast<double>(sketch_.expected_entries())));
  step_size_ = options.climb_step * static_cast<double>(capacity_);
  step_ = step_size_;
}

void WTinyLfuPolicy::on_hit(PolicyNode* n) {
  record(true);
  sketch_.increment(n->hash);
  switch (n->queue) {
    case Queue::window:
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
  if (candidate_frequency > victim_frequency) return true;
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
  const auto c = static_cast<double>(charge);
  const auto window_ghosts =
      static_cast<double>(std::max<std::uint64_t>(1, window_ghosts_.charge()));
  const auto main_ghosts = static_cast<double>(std::max<std::uint64_t>(1, main_ghosts_.charge()));
  if (window_ghosts_.take(hash)) {
    resize_window(static_cast<std::int64_t>(c * std::max(1.0, main_ghosts / window_ghosts)));
  } else if (main_ghosts_.take(hash)) {
    resize_window(-static_cast<std::int64_t>(c * std::max(1.0, window_ghosts / main_ghosts)));
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
