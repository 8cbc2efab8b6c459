// Flight and FlightTable: the single-flight part of the cache: while one caller computes a missing
// value, later callers for the same key wait for that result instead of computing it again
// (request coalescing, Go's singleflight), and the one result (a value or an exception) reaches all
// of them.
//
// Contract:
// - A Flight is created by the caller that will compute (the leader) and shared (shared_ptr) with
//   every waiter. The leader calls complete() or fail() exactly once; waiters block in wait(),
//   which returns the value or rethrows the leader's exception. A waiter that leaves early simply
//   drops its shared_ptr. If the leader never completes, waiters wait forever: the compute
//   function must bound its own time.
// - A FlightTable maps keys to the flights in progress. It is NOT thread-safe on its own: the cache
//   shard uses it under the same lock as its entries, so that "not cached and nobody computing"
//   and "I am the leader" are decided in one step, and "cached" and "no longer in flight" become
//   true in one step. Hence concurrent callers compute once, not twice in an unlucky interleaving.
// - Invalidation racing a computation: invalidate(tag) and erase(key) mark flights in progress
//   (poison / poison_tag), and the leader does not cache a result computed from data that changed
//   under it (the waiters still get it: they asked before the change).
// - Errors are handed to the waiters of that flight only; nothing is cached, so the next caller
//   tries again.
#pragma once

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sp::serve::cache {

template <class T>
class Flight {
 public:
  // REQUIRES: called once, by the leader, and not together with fail().
  void complete(T value) {
    {
      std::lock_guard lock(mutex_);
      value_.emplace(std::move(value));
      done_ = true;
    }
    done_cv_.notify_all();
  }
  void fail(std::exception_ptr error) {
    {
      std::lock_guard lock(mutex_);
      error_ = std::move(error);
      done_ = true;
    }
    done_cv_.notify_all();
  }
  // Blocks until the leader finishes; returns a copy of its value or rethrows its exception.
  T wait() {
    std::unique_lock lock(mutex_);
    done_cv_.wait(lock, [this] { return done_; });
    if (error_) std::rethrow_exception(error_);
    return *value_;
  }

  // Marks made under the FlightTable's (the shard's) lock; read by the leader under it too.
  void poison() { poisoned_ = true; }
  void poison_tag(std::string_view tag) { poisoned_tags_.emplace_back(tag); }
  template <class Tags>
  bool poisoned_for(const Tags& tags) const {
    if (poisoned_) return true;
    for (const auto& p : poisoned_tags_)
      for (const auto& t : tags)
        if (p == t) return true;
    return false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::optional<T> value_;
  std::exception_ptr error_;
  bool poisoned_ = false;
  std::vector<std::string> poisoned_tags_;
};

// Key: a type with a transparent Hash and Eq (the cache's key); lookups by any type Hash/Eq take.
template <class Key, class T, class Hash, class Eq>
class FlightTable {
 public:
  using FlightPtr = std::shared_ptr<Flight<T>>;

  // The flight in progress for `key`, or nullptr.
  template <class K>
  FlightPtr find(const K& key) const {
    auto it = flights_.find(key);
    return it == flights_.end() ? nullptr : it->second;
  }
  // REQUIRES: no flight in progress for `key`.
  FlightPtr start(Key key) {
    auto flight = std::make_shared<Flight<T>>();
    flights_.emplace(std::move(key), flight);
    return flight;
  }
  template <class K>
  void finish(const K& key) {
    auto it = flights_.find(key);
    if (it != flights_.end()) flights_.erase(it);
  }
  template <class K>
  void poison(const K& key) {
    auto it = flights_.find(key);
    if (it != flights_.end()) it->second->poison();
  }
  void poison_all() {
    for (auto& [key, flight] : flights_) flight->poison();
  }
  void poison_tag(std::string_view tag) {
    for (auto& [key, flight] : flights_) flight->poison_tag(tag);
  }
  std::size_t size() const { return flights_.size(); }

 private:
  std::unordered_map<Key, FlightPtr, Hash, Eq> flights_;
};

}  // namespace sp::serve::cache
