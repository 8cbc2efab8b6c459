// Where each live ITCH order is: order reference number -> {stock locate, OrderHandle in its book}.
// BookSet keeps recent references in RefIndex's direct-mapped window (ref_index.h) and only the
// orders older than it here.
//
//   OrderMap m(1 << 20);                 // capacity hint: live orders expected (no rehash below
//   it) m.insert(ref, {locate, handle});     // false if ref is already live (nothing changed)
//   const OrderLocation* at = m.find(ref);  // nullptr if unknown
//   m.erase(ref);                        // false if unknown
//
// Contract: keys are any uint64 except kEmptyKey (2^64-1, which no ITCH feed uses: insert refuses
// it). A pointer from find() is valid until the next insert or erase.
//
// OrderMap maps to OrderLocation; OrderMapOf<OrderRecord> (BookSet's) holds the whole order.
//
// Layout: one open-addressing table of slots {ref, value} (16 bytes for OrderLocation, 24 for
// OrderRecord), linear probing,
// power-of-two size, at most 70% full (it doubles past that, the only allocation), erase by
// backward shift (no tombstones, so probe lengths stay short over a whole day of adds and deletes).
// The hash is Fibonacci hashing (the top bits of ref * 2^64/phi): sequential refs, which is what
// ITCH issues, land evenly spread. (Keeping sequential refs in sequential slots was tried for cache
// locality and measured 100x slower: the newest orders form one long occupied run, and every probe
// or backward-shift erase that lands in it walks it.)
//
// Memory: one slot (16 or 24 bytes) at 35-70% load: 23-46 (34-69) bytes per live order.
// Thread safety: none.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "market/book/order_book.h"

namespace sp::market::book {

struct OrderLocation {
  OrderHandle handle = kNone;
  std::uint16_t locate = 0;
  bool live() const { return handle != kNone; }
};

// A whole resting order, for a book set that keeps its orders in the reference index itself
// (BookSet): 16 bytes. Empty (not live) when shares is 0: a live order always has shares.
struct OrderRecord {
  std::uint32_t price = 0;
  std::uint32_t shares = 0;
  std::uint32_t seq = 0;  // arrival number (per BookSet, wrapping): priority within a level
  std::uint16_t locate = 0;
  Side side = Side::buy;
  bool live() const { return shares != 0; }
};
static_assert(sizeof(OrderRecord) == 16);

// V: what a reference maps to; default-constructible, and V{}.live() is false.
template <class V>
class OrderMapOf {
 public:
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};

  explicit OrderMapOf(std::size_t expected_live = 1024) { rehash(capacity_for(expected_live)); }

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size(); }
  std::size_t bytes() const { return slots_.size() * sizeof(Slot); }

  const V* find(std::uint64_t ref) const {
    std::size_t i = home(ref);
    for (;;) {
      const Slot& s = slots_[i];
      if (s.ref == ref) return &s.where;
      if (s.ref == kEmptyKey) return nullptr;
      i = (i + 1) & mask_;
    }
  }
  V* find(std::uint64_t ref) {
    return const_cast<V*>(static_cast<const OrderMapOf*>(this)->find(ref));
  }

  // A hint that find/insert/erase of ref is coming: loads nothing, never faults.
  void prefetch(std::uint64_t ref) const { __builtin_prefetch(&slots_[home(ref)], 1); }

  bool insert(std::uint64_t ref, V where) {
    if (ref == kEmptyKey) return false;
    if ((size_ + 1) * 10 > slots_.size() * 7) [[unlikely]]
      rehash(slots_.size() * 2);
    std::size_t i = home(ref);
    for (;;) {
      Slot& s = slots_[i];
      if (s.ref == kEmptyKey) {
        s.ref = ref;
        s.where = where;
        ++size_;
        return true;
      }
      if (s.ref == ref) return false;
      i = (i + 1) & mask_;
    }
  }

  bool erase(std::uint64_t ref) {
    std::size_t i = home(ref);
    for (;;) {
      const Slot& s = slots_[i];
      if (s.ref == ref) break;
      if (s.ref == kEmptyKey) return false;
      i = (i + 1) & mask_;
    }
    erase_slot(i);
    return true;
  }

  // Erases the entry find() returned, without probing again. REQUIRES: `at` came from find() on
  // this map with no insert or erase since.
  void erase(const V* at) {
    const auto* slot =
        reinterpret_cast<const Slot*>(reinterpret_cast<const char*>(at) - offsetof(Slot, where));
    erase_slot(static_cast<std::size_t>(slot - slots_.data()));
  }

  // Calls f(ref, const V&) for every entry, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.ref != kEmptyKey) f(s.ref, s.where);
    }
  }

  void clear() {
    for (Slot& s : slots_) s.ref = kEmptyKey;
    size_ = 0;
  }

 private:
  void erase_slot(std::size_t i) {
    // Backward shift: move later members of the probe run into the hole when their home allows.
    std::size_t hole = i;
    std::size_t j = (i + 1) & mask_;
    while (slots_[j].ref != kEmptyKey) {
      const std::size_t h = home(slots_[j].ref);
      // j may move to hole iff its home is not cyclically in (hole, j].
      if (((j - h) & mask_) >= ((j - hole) & mask_)) {
        slots_[hole] = slots_[j];
        hole = j;
      }
      j = (j + 1) & mask_;
    }
    slots_[hole].ref = kEmptyKey;
    --size_;
  }

  struct Slot {
    std::uint64_t ref = kEmptyKey;
    V where;
  };

  static std::size_t capacity_for(std::size_t live) {
    return std::bit_ceil(std::max<std::size_t>(16, live + live / 2 + 1));
  }

  std::size_t home(std::uint64_t ref) const {
    return static_cast<std::size_t>((ref * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void rehash(std::size_t n) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    shift_ = 64u - static_cast<unsigned>(std::countr_zero(n));
    size_ = 0;
    for (const Slot& s : old) {
      if (s.ref != kEmptyKey) insert(s.ref, s.where);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 0;
  std::size_t size_ = 0;
};

using OrderMap = OrderMapOf<OrderLocation>;

}  // namespace sp::market::book
