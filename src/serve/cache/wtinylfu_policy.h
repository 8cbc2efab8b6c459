// WTinyLfuPolicy: which entries a bounded cache keeps: Window TinyLFU, the policy Caffeine uses
// (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", 2017), written
// here from its published description.
//
//   new entry ──► window (LRU, 1% of capacity to start)
//                   │ overflow: the window's LRU entry becomes a *candidate* for the main space
//                   ▼
//   main: probation (LRU, ~20% of main) ──hit──► protected (LRU, ~80% of main)
//          ▲                                          │ overflow: demoted to probation
//          └──────────────────────────────────────────┘
//
// When the cache is over capacity, the candidate is compared with the *victim*, probation's LRU
// entry, by the frequency sketch (frequency_sketch.h). The candidate's count includes the visit
// that brought it in, a miss the window already answers for, so the candidate is admitted only
// if it leads the victim by two: its history before that visit must beat the victim's, and ties
// keep the victim. (Counting that visit for it let a scan that comes back in reverse order, LIRS's
// backf and zigzag, churn the main space: the key just seen always led by one the key the
// reverse pass would reach later, and each pass replaced the main space before reaching it.)
// So a one-off scan passes through the window and the probation tail without displacing a
// frequently used set, while the window still gives newcomers time to prove themselves (bursts).
// A candidate that loses but has a warm count (>= 6) is admitted with probability 1/128, so an
// attacker cannot pin a victim by inflating colliding counts (Caffeine's rule).
//
// The window's size adapts (WindowAdaptation), because the best split between recency (window)
// and frequency (main) depends on the workload:
// - ghost_feedback (the default): the policy remembers the keys it recently dropped, in two ghost
//   lists of up to capacity() of charge each: candidates that lost admission, and victims evicted
//   from the main space. A miss on a key in the first list means a larger window would have kept
//   it, so the window grows by the key's charge (times the ratio of the ghost lists' sizes, as ARC
//   adapts its target, and times up to 2 while the window's own hits outnumber such misses); a
//   miss on one in the second shrinks it likewise. Two refinements keep that evidence honest:
//   * a returning first-list key the sketch has seen >= 4 times counts for the main space
//     instead: it is frequent, and fell out of an LRU window that keys seen once were flushing
//     (ARC files such keys under its second list). Without this a window that had once
//     grown large never shrank: after a recency phase every loser of admission was a window
//     ghost, and their returns held the window at the whole cache through a later frequency
//     phase (pinned in the tests).
//   * the window grows past 1% of capacity only while its own hits over the last one or two
//     periods (a capacity's worth of missed charge each) are at least half the first-list
//     misses. On a back-and-forth scan each returning key needs a window larger than the one
//     before, the window catches nothing, and growing only pushes main entries out before their
//     turn.
//   On the cache2k traces this beat the sampled hit-ratio hill climbing that Caffeine uses (see
//   /work/notes/cache.md and bench/cache_trace_bench.cc).
// - hill_climbing: Caffeine's method: every period (10 x the expected entry count in requests)
//   compare the period's hit ratio with the previous one and move the window in the direction that
//   helped (step 6.25% of capacity, decaying by 0.98 a period, restarting on a 5-point change).
// - none: the window keeps its initial size.
// Resizing moves entries across the boundary at once (Caffeine does the same): a larger window
// takes main's LRU entries, a smaller one hands its LRU entries to probation, so resizing itself
// neither evicts nor makes entries duel. The window may grow to all but one unit of capacity, so
// that on a workload where recency is everything the policy approaches LRU.
//
// The sketch is sized for max(512, expected entries): below that a sample of 10 x the entries
// (the aging period) is shorter than one pass of a small loop, and halving would erase the history
// the admission needs; 512 entries cost 4 KiB.
//
// Contract:
// - The policy owns no entries. It threads intrusive PolicyNodes (embedded in the caller's entries)
//   through its three lists and tells the caller, through the `evict` callback, which node to
//   destroy. After passing a node to `evict` it never touches it again.
// - Sizes are charges in any unit (bytes in the cache, 1 per entry in the trace replay). The sum
//   of the charges of the linked nodes never exceeds capacity() when on_insert returns.
// - Every linked node is in exactly one list; on_remove unlinks one the caller drops itself
//   (erase, expiry, invalidation); such a node leaves no ghost.
// - on_hit allocates nothing and takes no lock (it relinks, bumps four sketch counters and one
//   evidence counter). on_insert may allocate (a ghost list's bookkeeping, and the sketch when
//   the entries that stay after eviction outnumber what it was sized for; growing keeps counts).
// - Not thread-safe: the owner (one cache shard) serialises all calls.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <utility>

#include "serve/cache/frequency_sketch.h"

namespace sp::serve::cache {

enum class Queue : std::uint8_t { none, window, probation, protected_main };

struct PolicyNode {
  PolicyNode* prev = nullptr;
  PolicyNode* next = nullptr;
  std::uint64_t hash = 0;    // the key's hash, as given to the sketch
  std::uint64_t charge = 0;  // the entry's size in the capacity's unit
  Queue queue = Queue::none;
};

// An intrusive doubly linked list of PolicyNodes in access order: front() is the least recently
// used. The sentinel lives in the list object, so a list is neither copied nor moved.
class NodeList {
 public:
  NodeList() { head_.prev = head_.next = &head_; }
  NodeList(const NodeList&) = delete;
  NodeList& operator=(const NodeList&) = delete;

  bool empty() const { return head_.next == &head_; }
  PolicyNode* front() { return empty() ? nullptr : head_.next; }
  // The node after `n` towards the most recently used end, or nullptr.
  PolicyNode* after(PolicyNode* n) { return n->next == &head_ ? nullptr : n->next; }
  std::uint64_t charge() const { return charge_; }

  void push_back(PolicyNode* n) {
    n->prev = head_.prev;
    n->next = &head_;
    head_.prev->next = n;
    head_.prev = n;
    charge_ += n->charge;
  }
  void remove(PolicyNode* n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = nullptr;
    charge_ -= n->charge;
  }
  void move_to_back(PolicyNode* n) {
    remove(n);
    push_back(n);
  }

 private:
  PolicyNode head_;
  std::uint64_t charge_ = 0;
};

// Keys the policy dropped recently (hashes and charges, at most `capacity` of charge): a miss on
// one of them says the space it was dropped from was too small.
class GhostList {
 public:
  void set_capacity(std::uint64_t capacity) { capacity_ = capacity; }
  void add(std::uint64_t hash, std::uint64_t charge);
  // Whether `hash` is a ghost; forgets it if so.
  bool take(std::uint64_t hash);
  std::uint64_t charge() const { return charge_; }

 private:
  std::deque<std::pair<std::uint64_t, std::uint64_t>> order_;  // oldest first
  std::unordered_map<std::uint64_t, std::uint32_t> live_;      // hash -> occurrences in order_
  std::uint64_t charge_ = 0;
  std::uint64_t capacity_ = 0;
};

enum class WindowAdaptation : std::uint8_t { none, ghost_feedback, hill_climbing };

struct WTinyLfuOptions {
  std::uint64_t capacity = 0;          // in charge units
  std::uint64_t expected_entries = 0;  // sizes the sketch and the climber's period; 0: capacity
  double window_fraction = 0.01;       // initial window share of capacity
  double protected_fraction = 0.8;     // protected share of the main space
  WindowAdaptation adaptation = WindowAdaptation::ghost_feedback;
  double climb_period = 10.0;  // hill_climbing: requests per step, x expected entries
  double climb_step = 0.0625;  // hill_climbing: initial step, x capacity
};

class WTinyLfuPolicy {
 public:
  explicit WTinyLfuPolicy(const WTinyLfuOptions& options);
  WTinyLfuPolicy(const WTinyLfuPolicy&) = delete;
  WTinyLfuPolicy& operator=(const WTinyLfuPolicy&) = delete;

  // A lookup found `n`: count it and move it up (probation hits are promoted to protected).
  void on_hit(PolicyNode* n);

  // Links a new node (its hash and charge set, not yet linked) into the window and evicts until
  // the total charge fits capacity(), calling evict(PolicyNode*) for each node to drop, possibly
  // `n` itself (when it loses admission or is bigger than the whole capacity).
  // REQUIRES: n->queue == Queue::none.
  template <class Evict>
  void on_insert(PolicyNode* n, std::uint64_t entry_count, Evict&& evict);

  // Unlinks a node the caller is dropping for its own reasons.
  void on_remove(PolicyNode* n);

  std::uint64_t capacity() const { return capacity_; }
  std::uint64_t charge() const {
    return window_.charge() + probation_.charge() + protected_.charge();
  }
  std::uint64_t window_capacity() const { return window_max_; }
  std::uint64_t window_charge() const { return window_.charge(); }
  std::uint64_t probation_charge() const { return probation_.charge(); }
  std::uint64_t protected_charge() const { return protected_.charge(); }
  const FrequencySketch& sketch() const { return sketch_; }

 private:
  // Whether the candidate should replace the victim in the main space.
  bool admit(const PolicyNode* candidate, const PolicyNode* victim);
  void demote_protected_overflow();
  void record(bool hit);
  void climb();
  void resize_window(std::int64_t delta);
  void ghost_feedback(std::uint64_t hash, std::uint64_t charge);
  template <class Evict>
  void drop(PolicyNode* n, bool from_window, Evict& evict);
  std::uint64_t random();

  std::uint64_t capacity_;
  std::uint64_t window_max_;
  std::uint64_t ungated_window_;  // ghost_feedback grows the window this far on ghost hits alone
  std::uint64_t protected_max_;
  NodeList window_;
  NodeList probation_;
  NodeList protected_;
  FrequencySketch sketch_;

  WindowAdaptation adaptation_;
  double protected_fraction_;
  GhostList window_ghosts_;           // candidates that lost admission
  GhostList main_ghosts_;             // victims evicted from the main space
  double pending_ = 0.0;              // window change not applied yet (under one unit)
  struct RecencyEvidence {            // over the current and the previous period
    std::uint64_t missed_charge = 0;  // in the current period, which ends at capacity()
    std::uint64_t window_hits = 0;
    std::uint64_t ghost_hits = 0;  // misses on window ghosts
    std::uint64_t previous_window_hits = 0;
    std::uint64_t previous_ghost_hits = 0;
  };
  RecencyEvidence recency_;

  // hill_climbing
  std::uint64_t period_;
  std::uint64_t sample_hits_ = 0;
  std::uint64_t sample_misses_ = 0;
  double previous_hit_ratio_ = 0.0;
  double step_size_;   // the restart step, in charge units
  double step_ = 0.0;  // signed, in charge units
  std::uint64_t rng_ = 0x9e3779b97f4a7c15ULL;
};

template <class Evict>
void WTinyLfuPolicy::on_insert(PolicyNode* n, std::uint64_t entry_count, Evict&& evict) {
  record(false);
  if (adaptation_ == WindowAdaptation::ghost_feedback) ghost_feedback(n->hash, n->charge);
  sketch_.increment(n->hash);
  n->queue = Queue::window;
  window_.push_back(n);
  if (n->charge > capacity_) {  // could never fit: drop it at once
    on_remove(n);
    evict(n);
    return;
  }

  // Window overflow moves, oldest first, to probation's MRU end; those nodes are the candidates.
  PolicyNode* candidate = nullptr;
  while (window_.charge() > window_max_) {
    PolicyNode* oldest = window_.front();
    window_.remove(oldest);
    oldest->queue = Queue::probation;
    probation_.push_back(oldest);
    if (candidate == nullptr) candidate = oldest;
  }

  // Then evict from main until the total fits: candidates walk from the oldest towards the MRU
  // end of probation, victims from probation's LRU end; each duel evicts the less frequent one.
  PolicyNode* victim = probation_.front();
  std::uint64_t dropped = 0;
  while (charge() > capacity_) {
    if (victim == nullptr) victim = probation_.front();
    if (victim == nullptr) victim = protected_.front();
    if (victim == nullptr) victim = window_.front();
    PolicyNode* loser;
    bool candidate_lost;
    if (candidate == nullptr || candidate == victim) {
      loser = victim;
      candidate_lost = candidate == victim;
      if (candidate == victim) candidate = probation_.after(candidate);
      victim = victim->queue == Queue::probation ? probation_.after(victim) : nullptr;
    } else if (admit(candidate, victim)) {
      loser = victim;
      candidate_lost = false;
      victim = probation_.after(victim);
      candidate = probation_.after(candidate);
    } else {
      loser = candidate;
      candidate_lost = true;
      candidate = probation_.after(candidate);
    }
    drop(loser, candidate_lost, evict);
    ++dropped;
  }
  // Grow the sketch when more entries stay than it was sized for. Counted after eviction: the
  // newcomer that briefly puts a full cache one over is no reason to grow.
  if (entry_count - std::min(entry_count, dropped) > sketch_.expected_entries())
    sketch_.ensure_capacity(2 * (entry_count - dropped));
}

template <class Evict>
void WTinyLfuPolicy::drop(PolicyNode* n, bool from_window, Evict& evict) {
  if (adaptation_ == WindowAdaptation::ghost_feedback) {
    (from_window ? window_ghosts_ : main_ghosts_).add(n->hash, n->charge);
  }
  on_remove(n);
  evict(n);
}

}  // namespace sp::serve::cache
