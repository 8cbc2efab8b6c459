// The banks on the real files in shared/data/market: each file one symbol (lengths trimmed to the
// shortest), then each file as eight symbols starting 131 bars apart, so that the vector bodies
// see real prices too. Every bank equals its scalar class bit for bit.
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

void expect_all_banks(const Panel& p) {
  const std::size_t n = p.symbols;
  {
    SmaBank b(n, 20);
    EXPECT_TRUE(check_bank(b, Sma(20), p)) << "sma";
  }
  {
    EmaBank b(n, 20);
    EXPECT_TRUE(check_bank(b, Ema(20), p)) << "ema";
  }
  {
    RsiBank b(n, 14);
    EXPECT_TRUE(check_bank(b, Rsi(14), p)) << "rsi";
  }
  {
    MacdBank b(n, 12, 26, 9);
    EXPECT_TRUE(check_bank(b, Macd(12, 26, 9), p)) << "macd";
  }
  {
    BbandsBank b(n, 20, 2.0, 2.0);
    EXPECT_TRUE(check_bank(b, Bbands(20, 2, 2, MaType::kSma), p)) << "bbands";
  }
  {
    AtrBank b(n, 14);
    EXPECT_TRUE(check_bank(b, Atr(14), p)) << "atr";
  }
  for (ExtremeMethod m : {ExtremeMethod::kRescan, ExtremeMethod::kBlocks}) {
    StochBank b(n, 5, 3, 3, m);
    EXPECT_TRUE(check_bank(b, Stoch(5, 3, MaType::kSma, 3, MaType::kSma), p))
        << "stoch " << static_cast<int>(m);
  }
  {
    AdxBank b(n, 14);
    EXPECT_TRUE(check_bank(b, Adx(14), p)) << "adx";
  }
  {
    CciBank b(n, 20);
    EXPECT_TRUE(check_bank(b, Cci(20), p)) << "cci";
  }
  {
    ObvBank b(n);
    EXPECT_TRUE(check_bank(b, Obv(), p)) << "obv";
  }
}

TEST(PortfolioBanksOnMarketFiles, EachFileOneSymbol) {
  SP_REQUIRE_SHARED_DATA();
  const Panel p = testing::market_panel(1);
  ASSERT_GT(p.symbols, 0u);
  expect_all_banks(p);
}

TEST(PortfolioBanksOnMarketFiles, EachFileEightSymbols) {
  SP_REQUIRE_SHARED_DATA();
  const Panel p = testing::market_panel(8);
  ASSERT_GT(p.symbols, 0u);
  expect_all_banks(p);
}

}  // namespace
}  // namespace sp::core
