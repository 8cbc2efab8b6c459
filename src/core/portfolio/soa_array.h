// SoaArray: a rows x symbols table of doubles stored row after row, the storage of every bank's
// state. A bank keeps one SoaArray per state variable (one row: a running sum, an EMA) or per ring
// (`period` rows, row r holding every symbol's value for ring slot r), so the inner loop of a tick
// walks one contiguous row per variable across symbols: unit stride, vectorisable, each cache line
// fully used.
//
// Each row starts on a 64-byte boundary (the stride is the symbol count rounded up to 8 doubles),
// so rows do not split cache lines differently and vector loads of a row line up. Values in the
// padding are unspecified and never read by the banks. Allocated once, at construction; copyable.
// Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <new>
#include <numeric>
#include <utility>
#include <vector>

namespace sp::core {

template <class T, std::size_t kAlign>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, kAlign>&) {}  // NOLINT: allocator conversion
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, kAlign>;
  };
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kAlign}));
  }
  void deallocate(T* p, std::size_t) { ::operator delete (p, std::align_val_t{kAlign}); }
  friend bool operator==(const AlignedAllocator&, const AlignedAllocator&) { return true; }
};

class SoaArray {
 public:
  static constexpr std::size_t kAlignDoubles = 8;  // 64 bytes

  SoaArray() = default;
  SoaArray(std::size_t rows, std::size_t symbols, double fill = 0)
      : rows_(rows),
        symbols_(symbols),
        stride_((symbols + kAlignDoubles - 1) / kAlignDoubles * kAlignDoubles),
        data_(rows * stride_, fill) {}

  std::size_t rows() const { return rows_; }
  std::size_t symbols() const { return symbols_; }

  double* row(std::size_t r) { return data_.data() + r * stride_; }
  const double* row(std::size_t r) const { return data_.data() + r * stride_; }
  double& at(std::size_t r, std::size_t s) { return data_[r * stride_ + s]; }
  double at(std::size_t r, std::size_t s) const { return data_[r * stride_ + s]; }

  void fill(double v) { std::fill(data_.begin(), data_.end(), v); }

  // Moves symbol s's value in row r to row (r + shift) % rows, for every r: re-labels a ring
  // column whose slots follow a clock, when that symbol's clock is moved forward by `shift`.
  // In place (cycle leader), O(rows).
  void rotate_column(std::size_t s, std::size_t shift) {
    if (rows_ == 0) return;
    shift %= rows_;
    if (shift == 0) return;
    const std::size_t cycles = std::gcd(rows_, shift);
    for (std::size_t c = 0; c < cycles; ++c) {
      double carry = at(c, s);
      std::size_t r = c;
      do {
        r = (r + shift) % rows_;
        std::swap(carry, at(r, s));
      } while (r != c);
    }
  }

 private:
  std::size_t rows_ = 0;
  std::size_t symbols_ = 0;
  std::size_t stride_ = 0;
  std::vector<double, AlignedAllocator<double, 64>> data_;
};

}  // namespace sp::core
