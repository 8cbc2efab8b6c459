#include "core/indicators/statistic/correl.h"

#include "core/indicators/factories.h"
#include "core/indicators/talib_arith.h"
#include "core/kernels/simd.h"

namespace sp::core::factory {

// real0 = high, real1 = low: TA-Lib's abstract-interface defaults (see the registry).
namespace {

// Correl's running sums, bit for bit (the first window added in order; then per bar drop the oldest
// pair and add the new one, as Correl::next), with the coefficient's four divisions and sqrt on 4
// lanes: a divider is not pipelined like an adder, and those six scalar operations a bar, not the
// sums' chain (two adds a bar), set the speed of the bar-by-bar form. Vector division and sqrt
// are correctly rounded per lane, so the bits stay Correl's (which matters: with raw prices the
// sums of squares cancel and r carries their rounding noise, see correl.h).
// Returns false when an input is not finite (each enters the sums and is later subtracted, so the
// sums end non-finite); the caller then runs Correl bar by bar. REQUIRES: period >= 1, `out`
// overlaps neither input.
bool correl_kernel(const double* __restrict xs, const double* __restrict ys, std::size_t n,
                   int period, double* __restrict out) {
  namespace simd = kernels::simd;
  using simd::v4d;
  const std::size_t p = static_cast<std::size_t>(period);
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  std::size_t i = 0;
  for (; i + 1 < p && i < n; ++i) {
    const double x = xs[i], y = ys[i];
    sx += x;
    sxx += x * x;
    sxy += x * y;
    sy += y;
    syy += y * y;
    out[i] = kNaN;
  }
  if (i < n) {  // bar p-1: the first full window, nothing to drop
    const double x = xs[i], y = ys[i];
    sx += x;
    sxx += x * x;
    sxy += x * y;
    sy += y;
    syy += y * y;
  }
  const v4d vp = simd::splat(period), zero = {0, 0, 0, 0};
  auto coefficients = [&](v4d vx, v4d vy, v4d vxx, v4d vyy, v4d vxy) {
    const v4d spread = (vxx - ((vx * vx) / vp)) * (vyy - ((vy * vy) / vp));
    const simd::v4l flat = spread < talib::kEpsilon;  // TA_IS_ZERO_OR_NEG
    const v4d r = (vxy - ((vx * vy) / vp)) / simd::sqrt4(flat ? zero : spread);
    return flat ? zero : r;
  };
  // Bar `b` >= p: drop the pair leaving, add the new one; the sums after it.
  auto step = [&](std::size_t b) {
    const double ox = xs[b - p], oy = ys[b - p];
    sx -= ox;
    sxx -= ox * ox;
    sxy -= ox * oy;
    sy -= oy;
    syy -= oy * oy;
    const double x = xs[b], y = ys[b];
    sx += x;
    sxx += x * x;
    sxy += x * y;
    sy += y;
    syy += y * y;
  };
  if (i < n) {
    // Bar p-1 (the first full window) and up to three more bars: a one-off group, filled lane by
    // lane. The main loop below keeps each bar's sums in registers and builds the lanes from them
    // (written to a stack array and read back as vectors they would stall store-to-load
    // forwarding).
    v4d vx = {sx, 0, 0, 0}, vy = {sy, 0, 0, 0}, vxx = {sxx, 0, 0, 0}, vyy = {syy, 0, 0, 0},
        vxy = {sxy, 0, 0, 0};
    std::size_t lanes = 1;
    for (; lanes < 4 && i + lanes < n; ++lanes) {
      step(i + lanes);
      vx[lanes] = sx;
      vy[lanes] = sy;
      vxx[lanes] = sxx;
      vyy[lanes] = syy;
      vxy[lanes] = sxy;
    }
    simd::store_lanes(out + i, lanes, coefficients(vx, vy, vxx, vyy, vxy));
    i += lanes;
  }
  for (; i + 4 <= n; i += 4) {
    step(i);
    const double x0 = sx, y0 = sy, xx0 = sxx, yy0 = syy, xy0 = sxy;
    step(i + 1);
    const double x1 = sx, y1 = sy, xx1 = sxx, yy1 = syy, xy1 = sxy;
    step(i + 2);
    const double x2 = sx, y2 = sy, xx2 = sxx, yy2 = syy, xy2 = sxy;
    step(i + 3);
    simd::store4(out + i,
                 coefficients(v4d{x0, x1, x2, sx}, v4d{y0, y1, y2, sy}, v4d{xx0, xx1, xx2, sxx},
                              v4d{yy0, yy1, yy2, syy}, v4d{xy0, xy1, xy2, sxy}));
  }
  if (i < n) {
    v4d vx = {1, 1, 1, 1}, vy = vx, vxx = vx, vyy = vx, vxy = vx;
    for (std::size_t j = 0; i + j < n; ++j) {
      step(i + j);
      vx[j] = sx;
      vy[j] = sy;
      vxx[j] = sxx;
      vyy[j] = syy;
      vxy[j] = sxy;
    }
    simd::store_lanes(out + i, n - i, coefficients(vx, vy, vxx, vyy, vxy));
  }
  return std::isfinite(sx) && std::isfinite(sy) && std::isfinite(sxx) && std::isfinite(syy) &&
         std::isfinite(sxy);
}

}  // namespace

std::unique_ptr<IndicatorStream> make_correl(std::span<const double> o) {
  return make_stream(kHigh | kLow, Correl(static_cast<int>(o[0])));
}

void batch_correl(std::span<const double> o, const OhlcvView& view, double* const* outs) {
  const int period = static_cast<int>(o[0]);
  const std::size_t n = view.size;
  if (period >= 1 && !overlaps(view.high, outs[0], n) && !overlaps(view.low, outs[0], n) &&
      correl_kernel(view.high, view.low, n, period, outs[0])) {
    return;
  }
  Correl correl(period);
  drive_batch(correl, kHigh | kLow, view, outs);
}

}  // namespace sp::core::factory
