// Checking the fast BookSet against the ReferenceBookSet, message by message (for tests).
//
//   BookSet<> fast;  ReferenceBookSet<> ref;
//   BookLockstep check(fast, ref, {.full_depth_every = 64});
//   read_framed(data, size, check, stats);     // each message goes to both, then is checked
//   EXPECT_EQ(check.mismatch(), "") ;          // the first disagreement, described, or ""
//
// After every message the top of book (both sides) of the message's stock locate is compared, and
// the counters (unknown and duplicate references, trades); every `full_depth_every` messages the
// full depth of that locate too. `compare_books` compares one locate's full depth on demand (call
// it for every locate at the end of a stream). Checking stops at the first mismatch, which names
// the message number (1-based), its type and the locate.
// Thread safety: none.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "market/book/book_set.h"
#include "market/book/order_book.h"
#include "market/book/reference_book.h"

namespace sp::market::book {

inline std::string describe(const std::vector<LevelInfo>& levels) {
  std::ostringstream s;
  s << '[';
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (i) s << ' ';
    s << levels[i].price << 'x' << levels[i].shares << '/' << levels[i].orders;
  }
  s << ']';
  return s.str();
}

// "" if both books of `locate` agree on the first `n` levels (all when negative) of both sides.
template <class A, class B>
std::string compare_books(const BookSet<A>& fast, const ReferenceBookSet<B>& ref,
                          std::uint16_t locate, long n = -1) {
  for (Side s : {Side::buy, Side::sell}) {
    const auto f = fast.depth(locate, s, n);
    const auto r = ref.depth(locate, s, n);
    if (f != r) {
      return std::string("locate ") + std::to_string(locate) +
             (s == Side::buy ? " bids" : " asks") + ": fast " + describe(f) + " reference " +
             describe(r);
    }
  }
  return {};
}

template <class A, class B>
std::string compare_stats(const BookSet<A>& fast, const ReferenceBookSet<B>& ref) {
  const BookStats& f = fast.stats();
  const BookStats& r = ref.stats();
  std::string out;
  auto cmp = [&](const char* what, std::uint64_t x, std::uint64_t y) {
    if (x != y && out.empty()) {
      out = std::string(what) + ": fast " + std::to_string(x) + " reference " + std::to_string(y);
    }
  };
  cmp("unknown_refs", f.unknown_refs, r.unknown_refs);
  cmp("duplicate_refs", f.duplicate_refs, r.duplicate_refs);
  cmp("trades", f.trades, r.trades);
  cmp("live orders", fast.live_orders(), ref.live_orders());
  return out;
}

struct LockstepOptions {
  std::uint64_t full_depth_every = 64;  // 0: never (top of book only)
};

template <class A, class B>
class BookLockstep {
 public:
  BookLockstep(BookSet<A>& fast, ReferenceBookSet<B>& ref, LockstepOptions options = {})
      : fast_(fast), ref_(ref), options_(options) {}

  // The fast book's look-ahead hints go through too, so that the checks cover them.
  void prefetch(const std::uint8_t* msg) { fast_.prefetch(msg); }

  template <class M>
  void on(const M& m) {
    fast_.on(m);
    ref_.on(m);
    ++messages_;
    if (!mismatch_.empty()) return;
    const std::uint16_t locate = m.stock_locate;
    const bool full = options_.full_depth_every && messages_ % options_.full_depth_every == 0;
    std::string why = compare_books(fast_, ref_, locate, full ? -1 : 1);
    if (why.empty()) why = compare_stats(fast_, ref_);
    if (!why.empty()) {
      mismatch_ =
          "message " + std::to_string(messages_) + " ('" + std::string(1, M::kType) + "'): " + why;
    }
  }

  const std::string& mismatch() const { return mismatch_; }
  std::uint64_t messages() const { return messages_; }

 private:
  BookSet<A>& fast_;
  ReferenceBookSet<B>& ref_;
  LockstepOptions options_;
  std::uint64_t messages_ = 0;
  std::string mismatch_;
};

}  // namespace sp::market::book
