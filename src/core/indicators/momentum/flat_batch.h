// drive_batch_flat: drive_batch (indicator.h) with every call inside it inlined.
//
// The composite momentum indicators (STOCH, STOCHF, STOCHRSI: FastK, sliding extremes and moving
// averages inside one another, instantiated per moving-average type) exceed the compiler's inlining
// budget, which then leaves the inner updates as calls in the per-bar loop; measured, the calls
// cost STOCH about a fifth of its time. [[gnu::flatten]] inlines the whole tree into the loop.
// Same arithmetic as drive_batch, so stream == batch still holds. Every momentum batch entry point
// uses it, for one rule; the simple ones are inlined either way.
#pragma once

#include "core/indicator.h"

namespace sp::core {

template <class T>
[[gnu::flatten]] void drive_batch_flat(T& impl, unsigned inputs, const OhlcvView& view,
                                       double* const* outs) {
  drive_batch(impl, inputs, view, outs);
}

}  // namespace sp::core
