// Superseded: the 4-double helpers that lived here (f64x4, splat4, select4, abs4,
// nonfinite_flags4, fold_flags4) are now in core/kernels/simd.h, beside the simd:: ones they
// duplicated. Kept only so that a file still including this name compiles while it is being
// edited elsewhere; include core/kernels/simd.h instead. Remove once nothing includes it.
#pragma once

#include "core/kernels/simd.h"
