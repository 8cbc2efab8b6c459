// The non-finite policy in banks (bank.h): a symbol's bar with a NaN or infinite input the bank
// reads gives NaN and leaves that symbol's state untouched, exactly as the scalar class under
// core/indicator.h's policy, however the bad bars fall: scattered, in bursts, during warm-up, at
// tick 0, every other bar, forever. Lagging symbols rejoin the lockstep when they can.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <type_traits>

#include "bank_check.h"
#include "core/indicators/momentum/cci.h"
#include "core/indicators/momentum/macd.h"
#include "core/indicators/momentum/rsi.h"
#include "core/indicators/momentum/stoch.h"
#include "core/indicators/overlap/bbands.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/sma.h"
#include "core/indicators/trend/adx.h"
#include "core/indicators/volatility/atr.h"
#include "core/indicators/volume/obv.h"
#include "core/portfolio/adx_bank.h"
#include "core/portfolio/atr_bank.h"
#include "core/portfolio/bbands_bank.h"
#include "core/portfolio/cci_bank.h"
#include "core/portfolio/ema_bank.h"
#include "core/portfolio/macd_bank.h"
#include "core/portfolio/obv_bank.h"
#include "core/portfolio/rsi_bank.h"
#include "core/portfolio/sma_bank.h"
#include "core/portfolio/stoch_bank.h"

namespace sp::core {
namespace {

using testing::check_bank;
using testing::Panel;

constexpr double kInf = std::numeric_limits<double>::infinity();

// 64 symbols x 1,500 ticks with bad values placed to hit every path.
const Panel& holes() {
  static const Panel p = [] {
    Panel q = testing::random_walk_panel(64, 1500, 2024);
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto spoil = [&](std::size_t t, std::size_t s, int which) {
      const std::size_t i = q.at(t, s);
      const double bad = which % 3 == 0 ? kNaN : (which % 3 == 1 ? kInf : -kInf);
      switch (which % 5) {
        case 0:
          q.close[i] = bad;
          break;
        case 1:
          q.high[i] = bad;
          break;
        case 2:
          q.low[i] = bad;
          break;
        case 3:
          q.volume[i] = bad;
          break;
        default:
          q.open[i] = bad;  // read by none of these banks
      }
    };
    for (std::size_t t = 0; t < q.ticks; ++t) {
      for (std::size_t s = 0; s < q.symbols; ++s) {
        if (unit(rng) < 0.004) spoil(t, s, static_cast<int>(unit(rng) * 100));  // scattered
      }
    }
    for (std::size_t s = 0; s < 5; ++s) q.close[q.at(0, s)] = kNaN;  // at tick 0
    for (std::size_t t = 0; t < 60; t += 2)
      q.close[q.at(t, 9)] = kNaN;  // every other bar in warm-up
    for (std::size_t t = 700; t < 740; ++t) q.close[q.at(t, 17)] = kNaN;    // a burst, steady state
    for (std::size_t t = 300; t < 303; ++t) q.high[q.at(t, 18)] = kInf;     // a short burst in high
    for (std::size_t t = 0; t < q.ticks; ++t) q.close[q.at(t, 63)] = kNaN;  // never valid
    for (std::size_t s = 20; s < 40; ++s) q.low[q.at(1000, s)] = -kInf;     // many on one tick
    for (std::size_t s = 0; s < 64; ++s) q.close[q.at(1200, s)] = kNaN;     // all on one tick
    return q;
  }();
  return p;
}

template <class BankT, class Scalar, class... Options>
void expect_policy(const Scalar& scalar, Options... options) {
  const Panel& p = holes();
  BankT bank(p.symbols, options...);
  EXPECT_TRUE(check_bank(bank, scalar, p));
  // A symbol that never had a finite bar may still be warming up; the others caught up unless
  // CCI's ring order keeps them apart.
  if constexpr (!std::is_same_v<BankT, CciBank>) {
    EXPECT_LE(bank.lagging(), 1u);
  }
  // After reset every symbol is back in the lockstep, and the same holes give the same answers.
  bank.reset();
  EXPECT_EQ(bank.lagging(), 0u);
  EXPECT_TRUE(check_bank(bank, scalar, p));
}

TEST(PortfolioNonFinite, Sma) {
  expect_policy<SmaBank>(Sma(20), 20);
  expect_policy<SmaBank>(Sma(1), 1);
}
TEST(PortfolioNonFinite, Ema) {
  expect_policy<EmaBank>(Ema(20), 20);
}
TEST(PortfolioNonFinite, Rsi) {
  expect_policy<RsiBank>(Rsi(14), 14);
}
TEST(PortfolioNonFinite, Macd) {
  expect_policy<MacdBank>(Macd(12, 26, 9), 12, 26, 9);
}
TEST(PortfolioNonFinite, Bbands) {
  expect_policy<BbandsBank>(Bbands(20, 2, 2, MaType::kSma), 20, 2.0, 2.0);
}
TEST(PortfolioNonFinite, Atr) {
  expect_policy<AtrBank>(Atr(14), 14);
}
TEST(PortfolioNonFinite, Stoch) {
  const Stoch scalar(5, 3, MaType::kSma, 3, MaType::kSma);
  expect_policy<StochBank>(scalar, 5, 3, 3, ExtremeMethod::kRescan);
  expect_policy<StochBank>(scalar, 5, 3, 3, ExtremeMethod::kBlocks);
  const Stoch longer(14, 1, MaType::kSma, 4, MaType::kSma);
  expect_policy<StochBank>(longer, 14, 1, 4, ExtremeMethod::kRescan);
  expect_policy<StochBank>(longer, 14, 1, 4, ExtremeMethod::kBlocks);
}
TEST(PortfolioNonFinite, Adx) {
  expect_policy<AdxBank>(Adx(14), 14);
}
TEST(PortfolioNonFinite, Cci) {
  expect_policy<CciBank>(Cci(20), 20);
}
TEST(PortfolioNonFinite, Obv) {
  expect_policy<ObvBank>(Obv());
}

TEST(PortfolioNonFinite, ScreenedColumnsAreTakenOnTrust) {
  const Panel p = testing::random_walk_panel(40, 50);
  PortfolioTick tick = p.tick(10);
  EXPECT_EQ(screen_finite(tick, kHigh | kLow | kClose | kVolume, p.symbols),
            kHigh | kLow | kClose | kVolume);
  std::vector<double> close(p.tick(10).close, p.tick(10).close + p.symbols);
  close[33] = kNaN;
  tick.close = close.data();
  EXPECT_EQ(screen_finite(tick, kHigh | kLow | kClose | kVolume, p.symbols),
            kHigh | kLow | kVolume);
  EXPECT_FALSE(all_finite(tick, kClose, p.symbols));
  tick.finite = kClose;
  EXPECT_TRUE(all_finite(tick, kClose, p.symbols));
  EXPECT_FALSE(finite_at(tick, kClose, 33));
  EXPECT_TRUE(finite_at(tick, kHigh, 33));
}

}  // namespace
}  // namespace sp::core
