// Every bank equals its scalar class, bit for bit, for every symbol: on 1,000 synthetic random
// walks x 2,000 ticks (the vector bodies) and on a handful of symbols (the scalar tails), with
// several option sets each, update and peek, and after reset.
#include <gtest/gtest.h>

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

const Panel& wide() {
  static const Panel p = testing::random_walk_panel(1000, 2000);
  return p;
}
const Panel& narrow() {  // 13 symbols: one vector body and a scalar tail, longer history
  static const Panel p = testing::random_walk_panel(13, 3000, 99);
  return p;
}

// The bank against the scalar class on both panels; peek on the narrow one and on the wide one.
template <class BankT, class Scalar, class... Options>
void expect_matches(const Scalar& scalar, Options... options) {
  for (const Panel* p : {&narrow(), &wide()}) {
    BankT bank(p->symbols, options...);
    EXPECT_TRUE(check_bank(bank, scalar, *p)) << p->symbols << " symbols";
  }
}

TEST(PortfolioBanks, Sma) {
  for (int period : {1, 2, 5, 20, 30}) {
    SCOPED_TRACE(period);
    expect_matches<SmaBank>(Sma(period), period);
  }
}

TEST(PortfolioBanks, Ema) {
  for (int period : {1, 2, 12, 20}) {
    SCOPED_TRACE(period);
    expect_matches<EmaBank>(Ema(period), period);
  }
}

TEST(PortfolioBanks, Rsi) {
  for (int period : {2, 14, 30}) {
    SCOPED_TRACE(period);
    expect_matches<RsiBank>(Rsi(period), period);
  }
}

TEST(PortfolioBanks, Macd) {
  expect_matches<MacdBank>(Macd(12, 26, 9), 12, 26, 9);
  expect_matches<MacdBank>(Macd(26, 12, 9), 26, 12, 9);  // swapped, as TA-Lib swaps
  expect_matches<MacdBank>(Macd(5, 5, 1), 5, 5, 1);
  expect_matches<MacdBank>(Macd(3, 10, 16), 3, 10, 16);
}

TEST(PortfolioBanks, BbandsSma) {
  expect_matches<BbandsBank>(Bbands(20, 2, 2, MaType::kSma), 20, 2.0, 2.0);
  expect_matches<BbandsBank>(Bbands(5, 2, 2, MaType::kSma), 5, 2.0, 2.0);
  expect_matches<BbandsBank>(Bbands(2, 1.5, 0.5, MaType::kSma), 2, 1.5, 0.5);
}

TEST(PortfolioBanks, Atr) {
  for (int period : {1, 2, 14}) {
    SCOPED_TRACE(period);
    expect_matches<AtrBank>(Atr(period), period);
  }
}

TEST(PortfolioBanks, StochSmaBothExtremeMethods) {
  struct Case {
    int fk, sk, sd;
  };
  for (Case c : {Case{5, 3, 3}, Case{14, 3, 3}, Case{5, 1, 1}, Case{1, 1, 1}, Case{1, 4, 2},
                 Case{9, 1, 5}, Case{21, 7, 1}}) {
    SCOPED_TRACE(::testing::Message() << c.fk << "," << c.sk << "," << c.sd);
    const Stoch scalar(c.fk, c.sk, MaType::kSma, c.sd, MaType::kSma);
    expect_matches<StochBank>(scalar, c.fk, c.sk, c.sd);
    expect_matches<StochBank>(scalar, c.fk, c.sk, c.sd, ExtremeMethod::kRescan);
    expect_matches<StochBank>(scalar, c.fk, c.sk, c.sd, ExtremeMethod::kBlocks);
  }
}

TEST(PortfolioBanks, Adx) {
  for (int period : {2, 5, 14}) {
    SCOPED_TRACE(period);
    expect_matches<AdxBank>(Adx(period), period);
  }
}

TEST(PortfolioBanks, Cci) {
  for (int period :
       {2, 5, 14, 20, 70}) {  // 70: more rows than CciLanes keeps pointers for on the stack
    SCOPED_TRACE(period);
    expect_matches<CciBank>(Cci(period), period);
  }
}

TEST(PortfolioBanks, Obv) {
  expect_matches<ObvBank>(Obv());
}

TEST(PortfolioBanks, ResetGivesAFreshBank) {
  const Panel& p = narrow();
  AdxBank adx(p.symbols, 14);
  StochBank stoch(p.symbols, 14, 3, 3);
  CciBank cci(p.symbols, 20);
  std::vector<double> a(p.symbols), b(p.symbols);
  double* outs[2] = {a.data(), b.data()};
  for (std::size_t t = 0; t < 777; ++t) {
    adx.update(p.tick(t), outs);
    stoch.update(p.tick(t), outs);
    cci.update(p.tick(t), outs);
  }
  adx.reset();
  stoch.reset();
  cci.reset();
  EXPECT_TRUE(check_bank(adx, Adx(14), p));
  EXPECT_TRUE(check_bank(stoch, Stoch(14, 3, MaType::kSma, 3, MaType::kSma), p));
  EXPECT_TRUE(check_bank(cci, Cci(20), p));
}

TEST(PortfolioBanks, CloseOnlyFormsTakePlainArrays) {
  const Panel& p = narrow();
  SmaBank bank(p.symbols, 10);
  SmaBank same(p.symbols, 10);
  std::vector<double> a(p.symbols), b(p.symbols), c(p.symbols);
  for (std::size_t t = 0; t < 100; ++t) {
    same.peek(p.tick(t).close, c.data());
    bank.update(p.tick(t).close, a.data());
    double* outs[1] = {b.data()};
    same.update(p.tick(t), outs);
    for (std::size_t s = 0; s < p.symbols; ++s) {
      ASSERT_TRUE(testing::same_bits(a[s], b[s]));
      ASSERT_TRUE(testing::same_bits(c[s], b[s]));
    }
  }
}

}  // namespace
}  // namespace sp::core
