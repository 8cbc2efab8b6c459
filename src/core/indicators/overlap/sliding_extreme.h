// SlidingMax / SlidingMin: the largest / smallest of the last `period` values of a stream, in
// amortised O(1) per value: a monotonic deque holds the candidates, oldest first, each beating
// every candidate after it, so the front is the extreme. The deque lives on a ring of `period`
// entries allocated at construction: nothing is allocated afterwards. peek() answers for one more
// value without changing anything.
//
// Equal values: the newer one replaces the older (a value is only ever returned, never its
// position, so either is right). Before `period` values have arrived the extreme is over those
// seen. REQUIRES: period >= 1. Not thread-safe; copyable.
#pragma once

#include <cstdint>
#include <vector>

namespace sp::core {

template <bool kMax>
class SlidingExtreme {
 public:
  explicit SlidingExtreme(int period) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  // Adds x as the newest value; returns the extreme of the last `period` values (x included).
  double update(double x) {
    if (size_ > 0 && ring_[head_].index <= next_ - period_) pop_front();  // leaves the window
    while (size_ > 0 && !beats(back().value, x)) --size_;
    std::size_t tail = head_ + size_;
    if (tail >= ring_.size()) tail -= ring_.size();
    ring_[tail] = {next_++, x};
    ++size_;
    return ring_[head_].value;
  }

  // What update(x) would return.
  double peek(double x) const {
    std::size_t front = head_, size = size_;
    if (size > 0 && ring_[front].index <= next_ - period_) {
      front = front + 1 == ring_.size() ? 0 : front + 1;
      --size;
    }
    if (size == 0) return x;
    const double best = ring_[front].value;  // the extreme of the values staying in the window
    return beats(best, x) ? best : x;
  }

  void reset() {
    head_ = size_ = 0;
    next_ = 0;
  }

 private:
  struct Entry {
    std::int64_t index;
    double value;
  };

  static bool beats(double a, double b) { return kMax ? a > b : a < b; }
  const Entry& back() const {
    std::size_t i = head_ + size_ - 1;
    if (i >= ring_.size()) i -= ring_.size();
    return ring_[i];
  }
  void pop_front() {
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    --size_;
  }

  std::int64_t period_;
  std::vector<Entry> ring_;
  std::size_t head_ = 0;  // the front (oldest candidate)
  std::size_t size_ = 0;
  std::int64_t next_ = 0;  // index of the next value
};

using SlidingMax = SlidingExtreme<true>;
using SlidingMin = SlidingExtreme<false>;

}  // namespace sp::core
