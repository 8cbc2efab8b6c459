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
// Layout: a direct-mapped window (a ring of kWindow 8-byte OrderLocation slots indexed by
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
// map holds only refs < lo. A ring slot is empty when its handle is kNone.
//
// Memory: the ring is fixed (kWindow * 8 bytes = 2 MiB); the map holds only old survivors (16-byte
// slots at 35-70% load).
// Thread safety: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "market/book/order_book.h"
#include "market/book/order_map.h"

namespace sp::market::book {

class RefIndex {
 public:
  // The window: 2^18 references (2 MiB of slots), a few seconds of a busy NASDAQ feed; big enough
  // that the orders a feed touches again are mostly still inside it, small enough to stay in L2/L3.
  static constexpr std::uint64_t kWindow = std::uint64_t{1} << 18;

  explicit RefIndex(std::size_t expected_old_live = 1024)
      : ring_(std::make_unique<OrderLocation[]>(kWindow)), old_(expected_old_live) {}

  // Movable (a BookSet may be), not copyable (2 MiB: a copy is never what was meant).
  RefIndex(RefIndex&&) noexcept = default;
  RefIndex& operator=(RefIndex&&) noexcept = default;
  RefIndex(const RefIndex&) = delete;
  RefIndex& operator=(const RefIndex&) = delete;

  std::size_t size() const { return ring_live_ + old_.size(); }
  // Live orders older than the window (in the overflow map).
  std::size_t old_size() const { return old_.size(); }
  std::size_t bytes() const { return kWindow * sizeof(OrderLocation) + old_.bytes(); }

  const OrderLocation* find(std::uint64_t ref) const {
    if (ref - lo() < hi_ - lo()) [[likely]] {
      const OrderLocation* at = &ring_[ref & kMask];
      return at->handle != kNone ? at : nullptr;
    }
    return ref < lo() ? old_.find(ref) : nullptr;
  }

  // A hint that find(ref) is coming: loads nothing, never faults.
  void prefetch(std::uint64_t ref) const { __builtin_prefetch(&ring_[ref & kMask], 1); }

  bool insert(std::uint64_t ref, OrderLocation where) {
    if (ref == hi_ && ref != OrderMap::kEmptyKey) [[likely]] {
      // The next reference: its slot is the one leaving the window (ref - kWindow's).
      OrderLocation& slot = ring_[ref & kMask];
      if (slot.handle != kNone && ref >= kWindow) [[unlikely]] {
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
    OrderLocation& slot = ring_[ref & kMask];
    if (slot.handle != kNone) return false;
    slot = where;
    ++ring_live_;
    return true;
  }

  // Erases the entry find() returned. REQUIRES: `at` came from find() with nothing since.
  void erase(const OrderLocation* at) {
    if (at >= ring_.get() && at < ring_.get() + kWindow) [[likely]] {
      const_cast<OrderLocation*>(at)->handle = kNone;
      --ring_live_;
    } else {
      old_.erase(at);
    }
  }

  bool erase(std::uint64_t ref) {
    const OrderLocation* at = find(ref);
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
        OrderLocation& slot = ring_[r & kMask];
        if (slot.handle != kNone) [[unlikely]] {
          old_.insert(r, slot);
          slot.handle = kNone;
          --ring_live_;
        }
      }
    }
    hi_ = new_hi;
  }

  std::unique_ptr<OrderLocation[]> ring_;
  OrderMap old_;
  std::uint64_t hi_ = 0;  // one past the highest reference the ring has covered
  std::size_t ring_live_ = 0;
};

}  // namespace sp::market::book
