// ShardedCache: the gateway's in-process response cache. A byte-bounded map from request keys to
// opaque values (ready-to-send responses, one per encoding), split into shards by key hash, each
// shard run by the W-TinyLFU policy (wtinylfu_policy.h), with per-entry freshness (TTL,
// stale-while-revalidate, stale-if-error), tags for invalidation and single-flight loading
// (single_flight.h).
//
// Values: V is copied out on every hit, so it should be a handle: the default
// SharedBytes = std::shared_ptr<const std::string> costs an atomic increment, not a copy of the
// bytes, and a response stays alive for a writer that still sends it after its entry was evicted.
// V must be default-constructible and copyable. Weigher(V) gives the value's size in bytes.
//
// Charge and bound: an entry's charge is weigher(value) + key bytes + tag bytes + a fixed estimate
// of the bookkeeping per entry and per tag (kEntryOverhead, kTagOverhead). Each of the shards holds
// at most capacity_bytes / shards of charge, so the cache as a whole never holds more than
// capacity_bytes (checked after every insert). An entry larger than a shard's share is not cached.
// Outside the bound: the frequency sketches (8 bytes per expected entry, at least 4 KiB a shard),
// the ghost lists of the window adaptation (about 50 bytes per remembered key, at most two shard
// capacities' worth of charge, so about twice the entry count) and the in-flight table.
//
// Freshness, from the time an entry is stored (the injected Clock):
//   [0, ttl)                         fresh: served.
//   [ttl, ttl + stale_while_revalidate)  stale: get() returns it marked stale; get_or_compute()
//                                    returns it at once to every caller but one, which refreshes.
//   [ttl, ttl + stale_if_error)      kept for errors only: get_or_compute() computes, and if that
//                                    throws, serves this value instead of the error.
//   after both windows               expired: dropped when next looked up (or evicted earlier).
// The refreshing caller runs compute() itself and returns the new value (there is no background
// executor here). There is no timer wheel either: an expired entry nobody asks for stays until the
// policy evicts it, still counted in the bound.
//
// Tags: an entry carries tags (a symbol, "bars:AAPL"); invalidate(tag) drops every entry carrying
// it, in every shard, and keeps a computation already in flight from caching its result if that
// result carries the tag (it was computed from data the invalidation says changed).
//
// Single flight: get_or_compute(key, compute) calls compute() at most once at a time per key in
// the process; callers arriving meanwhile wait and receive the same value, or the same exception.
// Exceptions are never cached.
//
// Thread safety: every member function is safe to call from any thread. Each shard has one mutex;
// an operation on one key takes only its shard's lock, once on a hit (no allocation on the hit
// path: lookup by string_view, list relinking, sketch counters, one handle copy). compute() runs
// with no lock held and may use the cache, but REQUIRES: not get_or_compute() on its own key (it
// would wait for itself). invalidate(), clear(), charge(), size() and stats() visit the shards one
// after another, so they are not a snapshot of the whole cache at one instant.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "serve/cache/clock.h"
#include "serve/cache/single_flight.h"
#include "serve/cache/wtinylfu_policy.h"

namespace sp::serve::cache {

using Bytes = std::string;
using SharedBytes = std::shared_ptr<const Bytes>;

struct BytesWeigher {
  template <class P>
  std::uint64_t operator()(const P& p) const {
    return p ? p->size() : 0;
  }
};

struct EntryOptions {
  Nanos ttl = Nanos::max();  // fresh for this long; max: never expires
  Nanos stale_while_revalidate{0};
  Nanos stale_if_error{0};
  std::vector<std::string> tags;
};

// What compute() returns: the value and how to keep it.
template <class V>
struct Fill {
  V value;
  EntryOptions options;
};

enum class Freshness : std::uint8_t { fresh, stale_while_revalidate, stale_if_error };

template <class V>
struct Hit {
  V value;
  Freshness freshness;
};

// Where get_or_compute's value came from.
enum class Source : std::uint8_t {
  hit,             // a fresh entry
  computed,        // this caller computed it
  coalesced,       // another caller computed it while this one waited
  stale,           // a stale entry, served while another caller refreshes it
  stale_on_error,  // the refresh failed; a stale entry within its stale-if-error window
};

template <class V>
struct Result {
  V value;
  Source source;
};

struct CacheOptions {
  std::uint64_t capacity_bytes = 64ull << 20;
  unsigned shards = 16;                        // rounded up to a power of two
  std::uint64_t expected_entry_charge = 4096;  // sizes the frequency sketches (they grow if needed)
  WindowAdaptation window_adaptation = WindowAdaptation::ghost_feedback;
  const Clock* clock = nullptr;  // default: SteadyClock; must outlive the cache
};

struct CacheStats {
  std::uint64_t hits = 0;        // fresh entries served
  std::uint64_t stale_hits = 0;  // stale entries served (get(), or while another refreshes)
  std::uint64_t misses = 0;      // lookups that found nothing servable
  std::uint64_t computes = 0;    // compute() calls that returned
  std::uint64_t compute_errors = 0;
  std::uint64_t coalesced = 0;  // callers that waited for another's compute()
  std::uint64_t stale_on_error = 0;
  std::uint64_t inserts = 0;
  std::uint64_t rejected = 0;   // values too big for a shard
  std::uint64_t evictions = 0;  // dropped by the policy to stay within capacity
  std::uint64_t expirations = 0;
  std::uint64_t invalidations = 0;  // dropped by invalidate(), erase() or clear()
};

template <class V = SharedBytes, class Weigher = BytesWeigher>
class ShardedCache {
 public:
  static constexpr std::uint64_t kEntryOverhead = 192;  // map node, policy links, times, handle
  static constexpr std::uint64_t kTagOverhead = 48;     // per tag: its string and index slot

  explicit ShardedCache(const CacheOptions& options, Weigher weigher = {});
  ShardedCache(const ShardedCache&) = delete;
  ShardedCache& operator=(const ShardedCache&) = delete;

  // The entry for `key` if it is fresh or stale (Freshness says which); nullopt when absent or
  // expired.
  std::optional<Hit<V>> get(std::string_view key);

  // Stores (or replaces) an entry. False when the value is too big to cache (an older entry for
  // the key is dropped all the same) — the value is then simply not cached.
  bool put(std::string_view key, V value, const EntryOptions& options);

  // The fresh value for `key`, computing it with compute() -> Fill<V> when needed (see the top of
  // this file for stale entries and errors). Rethrows compute()'s exception when there is no
  // stale-if-error value to serve instead.
  template <class Compute>
  Result<V> get_or_compute(std::string_view key, Compute&& compute);

  bool erase(std::string_view key);
  std::size_t invalidate(std::string_view tag);
  void clear();

  std::uint64_t capacity() const { return shard_capacity_ * shard_count_; }
  std::uint64_t charge() const;
  std::size_t size() const;
  CacheStats stats() const;
  std::size_t shard_count() const { return shard_count_; }

 private:
  struct StoredKey {
    std::string text;
    std::uint64_t hash;
  };
  struct KeyRef {
    std::string_view text;
    std::uint64_t hash;
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(const StoredKey& k) const { return k.hash; }
    std::size_t operator()(const KeyRef& k) const { return k.hash; }
  };
  struct KeyEq {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return a.hash == b.hash && std::string_view(a.text) == std::string_view(b.text);
    }
  };
  struct TagHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct TagEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };

  struct Entry : PolicyNode {
    V value{};
    Nanos fresh_until{};
    Nanos revalidate_until{};
    Nanos error_until{};
    std::vector<std::string> tags;
    const StoredKey* key = nullptr;
  };

  enum class State { fresh, stale_while_revalidate, stale_if_error, expired };

  struct alignas(64) Shard {
    explicit Shard(const WTinyLfuOptions& o) : policy(o) {}
    mutable std::mutex mutex;
    std::unordered_map<StoredKey, Entry, KeyHash, KeyEq> entries;
    std::unordered_map<std::string, std::unordered_set<Entry*>, TagHash, TagEq> tags;
    FlightTable<StoredKey, Result<V>, KeyHash, KeyEq> flights;
    WTinyLfuPolicy policy;
    CacheStats stats;
  };

  static KeyRef key_ref(std::string_view key) {
    return KeyRef{key, std::hash<std::string_view>{}(key)};
  }
  Shard& shard_for(std::uint64_t hash) const {
    // The map uses the low bits of the hash; take the shard from the high bits of a remix.
    return *shards_[shard_count_ == 1 ? 0 : mix64(hash) >> shard_shift_];
  }
  static State state_of(const Entry& e, Nanos now) {
    if (now < e.fresh_until) return State::fresh;
    if (now < e.revalidate_until) return State::stale_while_revalidate;
    if (now < e.error_until) return State::stale_if_error;
    return State::expired;
  }
  // REQUIRES: the shard's lock.
  bool insert_locked(Shard& s, KeyRef key, const V& value, const EntryOptions& options, Nanos now);
  void remove_locked(Shard& s, Entry* e);  // unlinks from the policy, then drops
  void drop_unlinked(Shard& s, Entry* e);  // drops an entry the policy already let go

  std::uint64_t shard_capacity_;
  std::size_t shard_count_;
  int shard_shift_;
  const Clock* clock_;
  Weigher weigher_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

// ---- implementation
// ------------------------------------------------------------------------------

template <class V, class Weigher>
ShardedCache<V, Weigher>::ShardedCache(const CacheOptions& options, Weigher weigher)
    : shard_count_(std::bit_ceil(std::max(1u, options.shards))),
      shard_shift_(64 - std::countr_zero(shard_count_)),
      clock_(options.clock != nullptr ? options.clock : &SteadyClock::instance()),
      weigher_(std::move(weigher)) {
  shard_capacity_ = options.capacity_bytes / shard_count_;
  WTinyLfuOptions policy;
  policy.capacity = shard_capacity_;
  policy.expected_entries = std::max<std::uint64_t>(
      16, shard_capacity_ / std::max<std::uint64_t>(1, options.expected_entry_charge));
  policy.adaptation = options.window_adaptation;
  shards_.reserve(shard_count_);
  for (std::size_t i = 0; i < shard_count_; ++i) shards_.push_back(std::make_unique<Shard>(policy));
}

template <class V, class Weigher>
std::optional<Hit<V>> ShardedCache<V, Weigher>::get(std::string_view key) {
  const KeyRef k = key_ref(key);
  Shard& s = shard_for(k.hash);
  const Nanos now = clock_->now();
  std::lock_guard lock(s.mutex);
  auto it = s.entries.find(k);
  if (it == s.entries.end()) {
    ++s.stats.misses;
    return std::nullopt;
  }
  Entry& e = it->second;
  switch (state_of(e, now)) {
    case State::fresh:
      ++s.stats.hits;
      s.policy.on_hit(&e);
      return Hit<V>{e.value, Freshness::fresh};
    case State::stale_while_revalidate:
      ++s.stats.stale_hits;
      s.policy.on_hit(&e);
      return Hit<V>{e.value, Freshness::stale_while_revalidate};
    case State::stale_if_error:
      ++s.stats.stale_hits;
      s.policy.on_hit(&e);
      return Hit<V>{e.value, Freshness::stale_if_error};
    case State::expired:
      break;
  }
  ++s.stats.expirations;
  ++s.stats.misses;
  remove_locked(s, &e);
  return std::nullopt;
}

template <class V, class Weigher>
bool ShardedCache<V, Weigher>::put(std::string_view key, V value, const EntryOptions& options) {
  const KeyRef k = key_ref(key);
  Shard& s = shard_for(k.hash);
  const Nanos now = clock_->now();
  std::lock_guard lock(s.mutex);
  return insert_locked(s, k, value, options, now);
}

template <class V, class Weigher>
template <class Compute>
Result<V> ShardedCache<V, Weigher>::get_or_compute(std::string_view key, Compute&& compute) {
  const KeyRef k = key_ref(key);
  Shard& s = shard_for(k.hash);
  std::optional<V> fallback;  // a stale value to serve if compute() throws
  std::shared_ptr<Flight<Result<V>>> flight;
  bool lead = false;
  {
    const Nanos now = clock_->now();
    std::lock_guard lock(s.mutex);
    bool refresh = false;
    auto it = s.entries.find(k);
    if (it != s.entries.end()) {
      Entry& e = it->second;
      switch (state_of(e, now)) {
        case State::fresh:
          ++s.stats.hits;
          s.policy.on_hit(&e);
          return Result<V>{e.value, Source::hit};
        case State::stale_while_revalidate:
          s.policy.on_hit(&e);
          if (s.flights.find(k) != nullptr) {  // someone is refreshing it: serve the stale value
            ++s.stats.stale_hits;
            return Result<V>{e.value, Source::stale};
          }
          refresh = true;  // this caller refreshes (and may fall back on the stale value)
          fallback = e.value;
          break;
        case State::stale_if_error:
          fallback = e.value;
          break;
        case State::expired:
          ++s.stats.expirations;
          remove_locked(s, &e);
          break;
      }
    }
    if (!refresh) {
      if (auto running = s.flights.find(k)) {
        ++s.stats.coalesced;
        flight = std::move(running);
      }
    }
    if (flight == nullptr) {
      ++s.stats.misses;
      flight = s.flights.start(StoredKey{std::string(key), k.hash});
      lead = true;
    }
  }
  if (!lead) return flight->wait();  // the leader's value, its fallback, or its exception
  {
    // The leader: compute with no lock held.
    std::optional<Fill<V>> fill;
    std::exception_ptr error;
    try {
      fill.emplace(compute());
    } catch (...) {
      error = std::current_exception();
    }
    if (error) {
      {
        std::lock_guard lock(s.mutex);
        s.flights.finish(k);
        ++s.stats.compute_errors;
        if (fallback) ++s.stats.stale_on_error;
      }
      if (fallback) {
        Result<V> served{*fallback, Source::stale_on_error};
        flight->complete(served);
        return served;
      }
      flight->fail(error);
      std::rethrow_exception(error);
    }
    try {
      const Nanos now = clock_->now();
      std::lock_guard lock(s.mutex);
      ++s.stats.computes;
      // Cache it unless an invalidation of this key or of one of its tags arrived meanwhile.
      if (!flight->poisoned_for(fill->options.tags))
        insert_locked(s, k, fill->value, fill->options, now);
      s.flights.finish(k);
    } catch (...) {  // out of memory while storing: the waiters must not wait forever
      {
        std::lock_guard lock(s.mutex);
        s.flights.finish(k);
      }
      flight->fail(std::current_exception());
      throw;
    }
    flight->complete(Result<V>{fill->value, Source::coalesced});
    return Result<V>{std::move(fill->value), Source::computed};
  }
}

template <class V, class Weigher>
bool ShardedCache<V, Weigher>::erase(std::string_view key) {
  const KeyRef k = key_ref(key);
  Shard& s = shard_for(k.hash);
  std::lock_guard lock(s.mutex);
  s.flights.poison(k);
  auto it = s.entries.find(k);
  if (it == s.entries.end()) return false;
  ++s.stats.invalidations;
  remove_locked(s, &it->second);
  return true;
}

template <class V, class Weigher>
std::size_t ShardedCache<V, Weigher>::invalidate(std::string_view tag) {
  std::size_t dropped = 0;
  for (auto& shard : shards_) {
    Shard& s = *shard;
    std::lock_guard lock(s.mutex);
    s.flights.poison_tag(tag);
    auto it = s.tags.find(tag);
    if (it == s.tags.end()) continue;
    // Take the set out first: dropping each entry edits the index of its other tags.
    std::unordered_set<Entry*> doomed = std::move(it->second);
    s.tags.erase(it);
    for (Entry* e : doomed) {
      remove_locked(s, e);
      ++dropped;
    }
    s.stats.invalidations += doomed.size();
  }
  return dropped;
}

template <class V, class Weigher>
void ShardedCache<V, Weigher>::clear() {
  for (auto& shard : shards_) {
    Shard& s = *shard;
    std::lock_guard lock(s.mutex);
    s.flights.poison_all();
    s.stats.invalidations += s.entries.size();
    for (auto& [key, e] : s.entries) s.policy.on_remove(&e);
    s.entries.clear();
    s.tags.clear();
  }
}

template <class V, class Weigher>
std::uint64_t ShardedCache<V, Weigher>::charge() const {
  std::uint64_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    total += shard->policy.charge();
  }
  return total;
}

template <class V, class Weigher>
std::size_t ShardedCache<V, Weigher>::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    total += shard->entries.size();
  }
  return total;
}

template <class V, class Weigher>
CacheStats ShardedCache<V, Weigher>::stats() const {
  CacheStats t;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    const CacheStats& s = shard->stats;
    t.hits += s.hits;
    t.stale_hits += s.stale_hits;
    t.misses += s.misses;
    t.computes += s.computes;
    t.compute_errors += s.compute_errors;
    t.coalesced += s.coalesced;
    t.stale_on_error += s.stale_on_error;
    t.inserts += s.inserts;
    t.rejected += s.rejected;
    t.evictions += s.evictions;
    t.expirations += s.expirations;
    t.invalidations += s.invalidations;
  }
  return t;
}

template <class V, class Weigher>
bool ShardedCache<V, Weigher>::insert_locked(Shard& s, KeyRef key, const V& value,
                                             const EntryOptions& options, Nanos now) {
  if (auto old = s.entries.find(key); old != s.entries.end()) remove_locked(s, &old->second);
  std::uint64_t charge = weigher_(value) + key.text.size() + kEntryOverhead;
  for (const std::string& tag : options.tags) charge += tag.size() + kTagOverhead;
  if (charge > s.policy.capacity()) {
    ++s.stats.rejected;
    return false;
  }
  auto [it, inserted] = s.entries.try_emplace(StoredKey{std::string(key.text), key.hash});
  Entry& e = it->second;
  e.key = &it->first;
  e.hash = key.hash;
  e.charge = charge;
  e.value = value;
  e.fresh_until = saturating_add(now, options.ttl);
  e.revalidate_until = saturating_add(e.fresh_until, options.stale_while_revalidate);
  e.error_until = saturating_add(e.fresh_until, options.stale_if_error);
  e.tags = options.tags;
  std::sort(e.tags.begin(), e.tags.end());
  e.tags.erase(std::unique(e.tags.begin(), e.tags.end()), e.tags.end());
  for (const std::string& tag : e.tags) {
    auto t = s.tags.find(std::string_view(tag));
    if (t == s.tags.end()) t = s.tags.emplace(tag, std::unordered_set<Entry*>{}).first;
    t->second.insert(&e);
  }
  ++s.stats.inserts;
  s.policy.on_insert(&e, s.entries.size(), [&](PolicyNode* n) {
    ++s.stats.evictions;
    drop_unlinked(s, static_cast<Entry*>(n));
  });
  return true;
}

template <class V, class Weigher>
void ShardedCache<V, Weigher>::remove_locked(Shard& s, Entry* e) {
  s.policy.on_remove(e);
  drop_unlinked(s, e);
}

template <class V, class Weigher>
void ShardedCache<V, Weigher>::drop_unlinked(Shard& s, Entry* e) {
  for (const std::string& tag : e->tags) {
    auto t = s.tags.find(std::string_view(tag));
    if (t == s.tags.end()) continue;  // invalidate() took this tag's set out already
    t->second.erase(e);
    if (t->second.empty()) s.tags.erase(t);
  }
  auto it = s.entries.find(KeyRef{e->key->text, e->hash});
  s.entries.erase(it);
}

}  // namespace sp::serve::cache
