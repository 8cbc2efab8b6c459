// The registry's table: metadata here, arithmetic in src/core/indicators/. Option names, defaults
// and ranges follow TA-Lib's abstract interface (ta_abstract/tables) so that a spec means the same
// thing to us and to TA-Lib.
#include "core/registry.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/indicators/factories.h"

namespace sp::core {
namespace {

using namespace sp::core::factory;

constexpr double kMaxPeriod = 100000;
constexpr double kBig = 3.0e37;  // TA-Lib's TA_REAL_MAX-style bound for real options

OptionInfo period(double def, double min = 2) {
  return {"timeperiod", def, min, kMaxPeriod, true, "number of bars"};
}
OptionInfo int_opt(std::string_view name, double def, double min, std::string_view what) {
  return {name, def, min, kMaxPeriod, true, what};
}
OptionInfo matype(std::string_view name) {
  return {
      name,
      0,
      0,
      8,
      true,
      "moving average type: 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA, 7 MAMA, 8 T3"};
}

constexpr unsigned kHL = kHigh | kLow;
constexpr unsigned kHLC = kHigh | kLow | kClose;
constexpr unsigned kHLCV = kHigh | kLow | kClose | kVolume;
constexpr unsigned kOHLC = kOpen | kHigh | kLow | kClose;

// MAMA (matype 7) needs its own two options and is not offered as a moving-average type yet.
std::string reject_mama(std::span<const double> o, std::initializer_list<std::size_t> idx) {
  for (std::size_t i : idx) {
    if (i < o.size() && o[i] == 7) return "moving average type 7 (MAMA) is not supported";
  }
  return "";
}

#define SP_FN(name) make_##name, batch_##name

std::vector<IndicatorInfo> build_table() {
  constexpr std::string_view kOverlapGroup = "Overlap Studies";
  constexpr std::string_view kMomentumGroup = "Momentum Indicators";
  constexpr std::string_view kVolatilityGroup = "Volatility Indicators";
  constexpr std::string_view kVolumeGroup = "Volume Indicators";
  constexpr std::string_view kStatisticGroup = "Statistic Functions";
  std::vector<IndicatorInfo> t;
  // One indicator a line or three, as TA-Lib lists them: a table, not code to reflow.
  // clang-format off
  // Overlap studies.
  t.push_back({"sma", "Simple Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(sma)});
  t.push_back({"ema", "Exponential Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(ema)});
  t.push_back({"wma", "Weighted Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(wma)});
  t.push_back({"dema", "Double Exponential Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(dema)});
  t.push_back({"tema", "Triple Exponential Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(tema)});
  t.push_back({"trima", "Triangular Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(trima)});
  t.push_back({"kama", "Kaufman Adaptive Moving Average", kOverlapGroup, true, kClose, {period(30)}, {"real"}, "", SP_FN(kama)});
  t.push_back({"t3", "Triple Exponential Moving Average (T3)", kOverlapGroup, true, kClose,
               {period(5), {"vfactor", 0.7, 0, 1, false, "volume factor"}}, {"real"}, "", SP_FN(t3)});
  t.push_back({"bbands", "Bollinger Bands", kOverlapGroup, true, kClose,
               {period(5), {"nbdevup", 2, -kBig, kBig, false, "deviation multiplier for upper band"},
                {"nbdevdn", 2, -kBig, kBig, false, "deviation multiplier for lower band"}, matype("matype")},
               {"upperband", "middleband", "lowerband"}, "", SP_FN(bbands),
               [](std::span<const double> o) { return reject_mama(o, {3}); }});
  t.push_back({"midpoint", "MidPoint over period", kOverlapGroup, true, kClose, {period(14)}, {"real"}, "", SP_FN(midpoint)});
  t.push_back({"midprice", "Midpoint Price over period", kOverlapGroup, true, kHL, {period(14)}, {"real"}, "", SP_FN(midprice)});
  t.push_back({"sar", "Parabolic SAR", kOverlapGroup, true, kHL,
               {{"acceleration", 0.02, 0, kBig, false, "acceleration factor step and start"},
                {"maximum", 0.2, 0, kBig, false, "acceleration factor maximum"}},
               {"real"}, "", SP_FN(sar)});
  t.push_back({"vwap", "Session Volume Weighted Average Price", kOverlapGroup, false, kHigh | kLow | kClose | kVolume | kTime,
               {{"sessionoffset", 0, -1440, 1440, true,
                 "minutes added to UTC before the day boundary that starts a session"}},
               {"real"}, "typical price (h+l+c)/3 weighted by volume, reset at each session", SP_FN(vwap)});
  // Momentum indicators.
  t.push_back({"rsi", "Relative Strength Index", kMomentumGroup, true, kClose, {period(14)}, {"real"}, "", SP_FN(rsi)});
  t.push_back({"macd", "Moving Average Convergence/Divergence", kMomentumGroup, true, kClose,
               {int_opt("fastperiod", 12, 2, "fast EMA period"), int_opt("slowperiod", 26, 2, "slow EMA period"),
                int_opt("signalperiod", 9, 1, "signal EMA period")},
               {"macd", "macdsignal", "macdhist"}, "", SP_FN(macd)});
  t.push_back({"stoch", "Stochastic", kMomentumGroup, true, kHLC,
               {int_opt("fastk_period", 5, 1, "fast %K lookback"), int_opt("slowk_period", 3, 1, "slow %K smoothing"),
                matype("slowk_matype"), int_opt("slowd_period", 3, 1, "slow %D smoothing"), matype("slowd_matype")},
               {"slowk", "slowd"}, "", SP_FN(stoch),
               [](std::span<const double> o) { return reject_mama(o, {2, 4}); }});
  t.push_back({"stochf", "Stochastic Fast", kMomentumGroup, true, kHLC,
               {int_opt("fastk_period", 5, 1, "fast %K lookback"), int_opt("fastd_period", 3, 1, "fast %D smoothing"),
                matype("fastd_matype")},
               {"fastk", "fastd"}, "", SP_FN(stochf),
               [](std::span<const double> o) { return reject_mama(o, {2}); }});
  t.push_back({"stochrsi", "Stochastic Relative Strength Index", kMomentumGroup, true, kClose,
               {period(14), int_opt("fastk_period", 5, 1, "fast %K lookback"),
                int_opt("fastd_period", 3, 1, "fast %D smoothing"), matype("fastd_matype")},
               {"fastk", "fastd"}, "", SP_FN(stochrsi),
               [](std::span<const double> o) { return reject_mama(o, {3}); }});
  t.push_back({"willr", "Williams' %R", kMomentumGroup, true, kHLC, {period(14)}, {"real"}, "", SP_FN(willr)});
  t.push_back({"cci", "Commodity Channel Index", kMomentumGroup, true, kHLC, {period(14)}, {"real"}, "", SP_FN(cci)});
  t.push_back({"mfi", "Money Flow Index", kMomentumGroup, true, kHLCV, {period(14)}, {"real"}, "", SP_FN(mfi)});
  t.push_back({"adx", "Average Directional Movement Index", kMomentumGroup, true, kHLC, {period(14)}, {"real"}, "", SP_FN(adx)});
  t.push_back({"adxr", "Average Directional Movement Index Rating", kMomentumGroup, true, kHLC, {period(14)}, {"real"}, "", SP_FN(adxr)});
  t.push_back({"dx", "Directional Movement Index", kMomentumGroup, true, kHLC, {period(14)}, {"real"}, "", SP_FN(dx)});
  t.push_back({"plus_di", "Plus Directional Indicator", kMomentumGroup, true, kHLC, {period(14, 1)}, {"real"}, "", SP_FN(plus_di)});
  t.push_back({"minus_di", "Minus Directional Indicator", kMomentumGroup, true, kHLC, {period(14, 1)}, {"real"}, "", SP_FN(minus_di)});
  t.push_back({"aroon", "Aroon", kMomentumGroup, true, kHL, {period(14)}, {"aroondown", "aroonup"}, "", SP_FN(aroon)});
  t.push_back({"aroonosc", "Aroon Oscillator", kMomentumGroup, true, kHL, {period(14)}, {"real"}, "", SP_FN(aroonosc)});
  t.push_back({"roc", "Rate of change : ((price/prevPrice)-1)*100", kMomentumGroup, true, kClose, {period(10, 1)}, {"real"}, "", SP_FN(roc)});
  t.push_back({"mom", "Momentum", kMomentumGroup, true, kClose, {period(10, 1)}, {"real"}, "", SP_FN(mom)});
  t.push_back({"cmo", "Chande Momentum Oscillator", kMomentumGroup, true, kClose, {period(14)}, {"real"}, "", SP_FN(cmo)});
  t.push_back({"ppo", "Percentage Price Oscillator", kMomentumGroup, true, kClose,
               {int_opt("fastperiod", 12, 2, "fast MA period"), int_opt("slowperiod", 26, 2, "slow MA period"), matype("matype")},
               {"real"}, "", SP_FN(ppo), [](std::span<const double> o) { return reject_mama(o, {2}); }});
  t.push_back({"apo", "Absolute Price Oscillator", kMomentumGroup, true, kClose,
               {int_opt("fastperiod", 12, 2, "fast MA period"), int_opt("slowperiod", 26, 2, "slow MA period"), matype("matype")},
               {"real"}, "", SP_FN(apo), [](std::span<const double> o) { return reject_mama(o, {2}); }});
  t.push_back({"ultosc", "Ultimate Oscillator", kMomentumGroup, true, kHLC,
               {int_opt("timeperiod1", 7, 1, "first period"), int_opt("timeperiod2", 14, 1, "second period"),
                int_opt("timeperiod3", 28, 1, "third period")},
               {"real"}, "", SP_FN(ultosc)});
  t.push_back({"bop", "Balance Of Power", kMomentumGroup, true, kOHLC, {}, {"real"}, "", SP_FN(bop)});
  t.push_back({"trix", "1-day Rate-Of-Change (ROC) of a Triple Smooth EMA", kMomentumGroup, true, kClose, {period(30, 1)}, {"real"}, "", SP_FN(trix)});
  // Volatility indicators.
  t.push_back({"atr", "Average True Range", kVolatilityGroup, true, kHLC, {period(14, 1)}, {"real"}, "", SP_FN(atr)});
  t.push_back({"natr", "Normalized Average True Range", kVolatilityGroup, true, kHLC, {period(14, 1)}, {"real"}, "", SP_FN(natr)});
  t.push_back({"trange", "True Range", kVolatilityGroup, true, kHLC, {}, {"real"}, "", SP_FN(trange)});
  // Volume indicators.
  t.push_back({"obv", "On Balance Volume", kVolumeGroup, true, kClose | kVolume, {}, {"real"}, "", SP_FN(obv)});
  t.push_back({"ad", "Chaikin A/D Line", kVolumeGroup, true, kHLCV, {}, {"real"}, "", SP_FN(ad)});
  t.push_back({"adosc", "Chaikin A/D Oscillator", kVolumeGroup, true, kHLCV,
               {int_opt("fastperiod", 3, 2, "fast EMA period"), int_opt("slowperiod", 10, 2, "slow EMA period")},
               {"real"}, "", SP_FN(adosc)});
  // Statistic functions.
  t.push_back({"stddev", "Standard Deviation", kStatisticGroup, true, kClose,
               {period(5), {"nbdev", 1, -kBig, kBig, false, "number of deviations"}}, {"real"}, "", SP_FN(stddev)});
  t.push_back({"var", "Variance", kStatisticGroup, true, kClose,
               {period(5, 1), {"nbdev", 1, -kBig, kBig, false, "number of deviations"}}, {"real"}, "", SP_FN(var)});
  t.push_back({"linearreg", "Linear Regression", kStatisticGroup, true, kClose, {period(14)}, {"real"}, "", SP_FN(linearreg)});
  t.push_back({"linearreg_slope", "Linear Regression Slope", kStatisticGroup, true, kClose, {period(14)}, {"real"}, "", SP_FN(linearreg_slope)});
  t.push_back({"correl", "Pearson's Correlation Coefficient (r)", kStatisticGroup, true, kHL, {period(30, 1)}, {"real"},
               "real0=high, real1=low (TA-Lib's abstract defaults)", SP_FN(correl)});
  t.push_back({"beta", "Beta", kStatisticGroup, true, kHL, {period(5, 1)}, {"real"},
               "real0=high, real1=low (TA-Lib's abstract defaults)", SP_FN(beta)});
  // clang-format on
  return t;
}

#undef SP_FN

std::string format_option(double v) {
  char buf[64];
  // Whole numbers in full (100000, not 1e+05): they are what a user types.
  auto r = v == std::floor(v) && std::fabs(v) < 1e15
               ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
               : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

std::span<const IndicatorInfo> indicators() {
  static const std::vector<IndicatorInfo> table = build_table();
  return table;
}

const IndicatorInfo* find_indicator(std::string_view name) {
  for (const IndicatorInfo& info : indicators()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::vector<std::string> IndicatorSpec::output_columns() const {
  std::vector<std::string> cols;
  if (info->outputs.size() == 1) {
    cols.push_back(column);
  } else {
    for (std::string_view o : info->outputs) cols.push_back(column + "." + std::string(o));
  }
  return cols;
}

SpecResult parse_spec(std::string_view text) {
  SpecResult r;
  auto fail = [&](std::string why) {
    r.error = "indicator spec '" + std::string(text) + "': " + why;
    return r;
  };
  std::string_view name = text;
  std::string_view opts;
  bool has_opts = false;
  if (auto colon = text.find(':'); colon != std::string_view::npos) {
    name = text.substr(0, colon);
    opts = text.substr(colon + 1);
    has_opts = true;
  }
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const IndicatorInfo* info = find_indicator(lower);
  if (name.empty()) return fail("missing indicator name");
  if (!info)
    return fail("unknown indicator '" + std::string(name) +
                "' (stockpulse indicators --list shows them all)");
  r.spec.info = info;
  r.spec.text = std::string(text);
  std::vector<double>& values = r.spec.options;
  if (has_opts) {
    std::size_t pos = 0;
    while (true) {
      std::size_t comma = opts.find(',', pos);
      std::string_view field =
          opts.substr(pos, comma == std::string_view::npos ? opts.npos : comma - pos);
      if (values.size() >= info->options.size()) {
        return fail(info->options.empty()
                        ? std::string(info->name) + " takes no options"
                        : "too many options: " + std::string(info->name) + " takes at most " +
                              std::to_string(info->options.size()) + " (" +
                              [&] {
                                std::string s;
                                for (const auto& o : info->options)
                                  s += (s.empty() ? "" : ", ") + std::string(o.name);
                                return s;
                              }() +
                              ")");
      }
      const OptionInfo& oi = info->options[values.size()];
      double v = 0;
      const char* b = field.data();
      const char* e = field.data() + field.size();
      if (b != e && *b == '+') ++b;
      auto [p, ec] = std::from_chars(b, e, v);
      if (field.empty() || ec != std::errc() || p != e || !std::isfinite(v)) {
        return fail("option " + std::to_string(values.size() + 1) + " (" + std::string(oi.name) +
                    ") '" + std::string(field) + "' is not a number");
      }
      if (oi.integer && v != std::floor(v)) {
        return fail("option " + std::string(oi.name) + " must be a whole number, got '" +
                    std::string(field) + "'");
      }
      if (v < oi.min || v > oi.max) {
        return fail("option " + std::string(oi.name) + " = " + std::string(field) +
                    " is out of range [" + format_option(oi.min) + ", " + format_option(oi.max) +
                    "]");
      }
      values.push_back(v);
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
  }
  for (std::size_t i = values.size(); i < info->options.size(); ++i)
    values.push_back(info->options[i].default_value);
  if (info->validate) {
    if (std::string why = info->validate(values); !why.empty()) return fail(why);
  }
  r.spec.column = r.spec.text;
  for (char& c : r.spec.column) {
    if (c == ':' || c == ',') c = '_';
  }
  return r;
}

void compute(const IndicatorSpec& spec, const OhlcvView& view, double* const* outs) {
  spec.info->batch(spec.options, view, outs);
}

}  // namespace sp::core
