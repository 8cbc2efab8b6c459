// Where each live ITCH order is: order reference number -> {stock locate, OrderHandle in its book},
// built for what ITCH issues: reference numbers that increase through the day, where most orders
// are touched again soon after they arrive.
//
//   RefIndex idx(1 << 16);                       // capacity hint for the overflow map
//   idx.insert(ref, {handle, locate});           // false if ref is already live (nothing changed)
//   const OrderLocation* at = idx.find(ref);     // nullptr if unknown
//   idx.erase(at);                               // REQUIRES: at from find(), nothing in between
//   idx.prefetch(ref);                           // a cache hint before find(ref): never faults
//
// Contract: keys are any uint64 except OrderMap::kEmptyKey (2^64-1: insert refuses it). A pointer
// from find() is valid until the next insert or erase. Reference numbers in any order are correct;
// increasing ones are fast.
//
// RefIndex maps to an 8-byte OrderLocation; BookSet uses RefIndexOf<OrderRecord>, whose 16-byte
// slots hold the whole order (order_map.h), so that finding an order is all it takes to have it.
//
// Layout: a direct-mapped window (a ring of kWindow slots indexed by
// ref mod kWindow) covers the newest kWindow reference numbers, [hi - kWindow, hi) where hi is one
// past the highest reference inserted; every live order older than the window, and any insert
// below it, lives in an OrderMap (open addressing, order_map.h). When an insert moves hi forward,
// the slots it uncovers are swept once, in address order, and the orders still live there move to
// the map: an amortised O(1) walk, sequential in memory. So:
//  - insert of the next reference: one store into the ring's next slot, no hashing, and the ring
//    is written in address order (the hardware prefetcher follows it);
//  - find/erase of a recent order (most of them: ITCH orders mostly live milliseconds): one load
//    from a slot whose address is a mask of the reference, so it can be prefetched from the raw
//    message before it is handled (BookSet does);
//  - an old survivor (an order resting since the morning) costs an OrderMap probe, as before.
// Invariants: ring slots are live only for refs in [lo, hi) (lo = hi - kWindow, at least 0); the
// map holds only refs < lo. A ring slot is empty when !slot.live() (V{} is empty).
//
// Memory: the ring is fixed (kWindow * sizeof(V): 8 MiB of OrderLocation, 16 MiB of OrderRecord);
// the map holds only old survivors (16- or 24-byte slots at 35-70% load).
// Thread safety: none.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

#include "market/book/order_book.h"
#include "market/book/order_map.h"

namespace sp::market::book {

// V: what a reference maps to (OrderLocation, or BookSet's OrderRecord); V{}.live() is false.
template <class V>
class RefIndexOf {
 public:
  // The window: 2^20 references (16 MiB of OrderRecord slots, 8 MiB of OrderLocation), some
  // seconds of a busy NASDAQ feed; big enough that the orders a feed touches again are mostly
  // inside it (on bench-market's simulated day 95% of the references an E C X D U names are less
  // than 2^20 old, 80% less than 2^18), which matters because an order older than the window costs
  // an OrderMap probe when it leaves the window and another when it is found (measured: 2^18 ->
  // 2^20 took parse + book from ~78 to ~60 ns/message).
  static constexpr std::uint64_t kWindow = std::uint64_t{1} << 20;

  explicit RefIndexOf(std::size_t expected_old_live = 1024)
      : ring_(allocate_ring()), old_(expected_old_live) {}

  // Movable (a BookSet may be), not copyable (MiBs: a copy is never what was meant).
  RefIndexOf(RefIndexOf&&) noexcept = default;
  RefIndexOf& operator=(RefIndexOf&&) noexcept = default;
  RefIndexOf(const RefIndexOf&) = delete;
  RefIndexOf& operator=(const RefIndexOf&) = delete;

  std::size_t size() const { return ring_live_ + old_.size(); }
  // Live orders older than the window (in the overflow map).
  std::size_t old_size() const { return old_.size(); }
  std::size_t bytes() const { return kWindow * sizeof(V) + old_.bytes(); }

  const V* find(std::uint64_t ref) const {
    if (ref - lo() < hi_ - lo()) [[likely]] {
      const V* at = &ring_[ref & kMask];
      return at->live() ? at : nullptr;
    }
    return ref < lo() ? old_.find(ref) : nullptr;
  }
  V* find(std::uint64_t ref) {
    return const_cast<V*>(static_cast<const RefIndexOf*>(this)->find(ref));
  }

  // A hint that find(ref) is coming: loads nothing, never faults. For a reference older than the
  // window, the map's home slot.
  void prefetch(std::uint64_t ref) const {
    if (ref < lo()) [[unlikely]] {
      old_.prefetch(ref);
    } else {
      __builtin_prefetch(&ring_[ref & kMask], 1);
    }
  }
  // A hint that insert(ref) is coming: its ring slot, and when that slot still holds the order
  // that will leave the window for the map, the map's home slot for it. Reads the ring slot.
  void prefetch_insert(std::uint64_t ref) const {
    __builtin_prefetch(&ring_[ref & kMask], 1);
    if (ref >= kWindow && ring_[ref & kMask].live()) old_.prefetch(ref - kWindow);
  }

  // Calls f(ref, const V&) for every live entry, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (std::uint64_t r = lo(); r < hi_; ++r) {
      if (ring_[r & kMask].live()) f(r, ring_[r & kMask]);
    }
    old_.for_each(f);
  }

  bool insert(std::uint64_t ref, V where) {
    if (!where.live()) [[unlikely]]
      return false;
    if (ref == hi_ && ref != OrderMap::kEmptyKey) [[likely]] {
      // The next reference: its slot is the one leaving the window (ref - kWindow's).
      V& slot = ring_[ref & kMask];
      if (slot.live() && ref >= kWindow) [[unlikely]] {
        old_.insert(ref - kWindow, slot);
        --ring_live_;
      }
      slot = where;
      ++ring_live_;
      ++hi_;
      return true;
    }
    if (ref == OrderMap::kEmptyKey) [[unlikely]]
      return false;
    if (ref > hi_) advance(ref + 1);
    if (ref < lo()) [[unlikely]]
      return old_.insert(ref, where);
    V& slot = ring_[ref & kMask];
    if (slot.live()) return false;
    slot = where;
    ++ring_live_;
    return true;
  }

  // Erases the entry find() returned. REQUIRES: `at` came from find() with nothing since.
  void erase(const V* at) {
    if (at >= ring_.get() && at < ring_.get() + kWindow) [[likely]] {
      *const_cast<V*>(at) = V{};
      --ring_live_;
    } else {
      old_.erase(at);
    }
  }

  bool erase(std::uint64_t ref) {
    const V* at = find(ref);
    if (!at) return false;
    erase(at);
    return true;
  }

 private:
  static constexpr std::uint64_t kMask = kWindow - 1;

  std::uint64_t lo() const { return hi_ > kWindow ? hi_ - kWindow : 0; }

  // Moves hi to new_hi: the slots of refs in [lo, new_lo) leave the window, their live orders go to
  // the map. At most kWindow slots are looked at however far hi jumps.
  void advance(std::uint64_t new_hi) {
    const std::uint64_t from = lo();
    const std::uint64_t new_lo = new_hi > kWindow ? new_hi - kWindow : 0;
    // Only refs below the old hi can be in the ring.
    const std::uint64_t to = std::min(new_lo, hi_);
    if (to > from) [[likely]] {
      const std::uint64_t n = std::min(to - from, kWindow);
      for (std::uint64_t r = to - n; r < to; ++r) {
        V& slot = ring_[r & kMask];
        if (slot.live()) [[unlikely]] {
          old_.insert(r, slot);
          slot = V{};
          --ring_live_;
        }
      }
    }
    hi_ = new_hi;
  }

  // The ring is on 2 MiB pages where the kernel allows (transparent huge pages, asked for with
  // madvise): its slots are hit at random, and on 4 KiB pages nearly every hit on a quiet stock's
  // order also missed the TLB (4,096 pages for 16 MiB; measured: the page walks cost more than
  // the cache misses they came with). Without huge pages it works the same on small ones.
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static_assert(std::is_trivially_destructible_v<V> && std::is_trivially_copyable_v<V>);
  struct FreeRing {
    void operator()(V* p) const { std::free(p); }
  };
  static std::unique_ptr<V[], FreeRing> allocate_ring() {
    constexpr std::size_t bytes = (kWindow * sizeof(V) + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, bytes);
    if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint: failure only means small pages
#endif
    V* ring = static_cast<V*>(p);
    std::uninitialized_fill_n(ring, kWindow, V{});
    return std::unique_ptr<V[], FreeRing>(ring);
  }

  std::unique_ptr<V[], FreeRing> ring_;
  OrderMapOf<V> old_;
  std::uint64_t hi_ = 0;  // one past the highest reference the ring has covered
  std::size_t ring_live_ = 0;
};

using RefIndex = RefIndexOf<OrderLocation>;

}  // namespace sp::market::book
