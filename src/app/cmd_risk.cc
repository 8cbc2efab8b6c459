// `stockpulse risk`: a portfolio's risk measures from price files, through core::risk::risk_report.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "app/args.h"
#include "app/command.h"
#include "app/json_writer.h"
#include "app/output.h"
#include "core/risk/moments.h"
#include "core/risk/portfolio.h"
#include "core/risk/returns.h"
#include "core/risk/volatility.h"
#include "market/align.h"

namespace sp::app {
namespace {

constexpr std::string_view kName = "risk";
constexpr int kRollingWindow = 21;  // about one month of trading days
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::string_view kHelp =
    R"(Usage: stockpulse risk --input FILE [--input FILE ...] [--weights W,...] [--confidence C]
                       [--horizon DAYS] [--method METHOD] [--paths N] [--seed N]
                       [--periods-per-year N] [--risk-free-rate R]

Risk measures of a portfolio of the assets in the input files, printed as JSON.

Options:
  --input FILE          The bars of one asset: CSV or TSV with a header, as for stockpulse
                        indicators ('-' reads standard input). Only the time and close columns
                        are read. Repeat for a portfolio; the asset is named after the file's stem
                        (data/SPY_daily.csv is SPY_daily). The FIRST input is the benchmark for
                        beta (give it weight 0 to keep it out of the portfolio).
  --weights W,...       Portfolio weights, one per input, in input order, used as given (not
                        normalised; negative is short). Default: equal weights, 1/N each.
  --confidence C        Confidence level of VaR and ES, in (0, 1). Default 0.99.
  --horizon DAYS        VaR and ES horizon in periods (days for daily bars), >= 1. Default 1.
  --method METHOD       historical (the default), parametric, cornish-fisher or montecarlo.
  --paths N             Monte Carlo paths, at least 1 / (1 - C) so that the tail holds one.
                        Default 100000.
  --seed N              Monte Carlo seed; a seed gives the same numbers on every platform.
                        Default 42.
  --periods-per-year N  Bars per year, for annualising. Default 252 (daily bars).
  --risk-free-rate R    Annual risk-free rate for the Sharpe ratio, as a fraction. Default 0.
  -h, --help            Show this help.

Alignment: the files are joined on time (an INNER JOIN on the time column): only the times present
in every file are used, in ascending time order, and a time at which any file's close is missing
(empty, NaN) is dropped for all. With two or more inputs each file needs a time column.

Returns are simple returns of the closes; the portfolio's return is sum(w_i r_i), a portfolio
rebalanced to constant weights every period.

Output: one JSON object with these members, in this order:
  inputs            the input files as given (<stdin> for '-')
  assets            [{name, weight, mean_return, volatility}, ...] in input order: the weight
                    used, the mean return per period and the annualised volatility
  benchmark         the first asset's name
  alignment         {prices, first, last, dropped_missing_close}: how many aligned prices, the
                    first and last time (as written in the first file), times dropped for a
                    missing close
  periods_per_year  as used for annualising
  returns           {count, mean, mean_annualised, stdev, skewness, excess_kurtosis, min, max,
                    total} of the portfolio's returns (per period; total is compounded)
  volatility        {annualised, rolling_21, ewma, ewma_lambda}, all annualised: over the whole
                    sample, over the last 21 periods, and the latest EWMA (RiskMetrics)
  tail_risk         {method, confidence, horizon_days, value_at_risk, expected_shortfall, and
                    for montecarlo paths, seed}: VaR and ES of the portfolio as positive fractions
                    of value (0.03 = a 3% loss). historical: empirical quantile of overlapping
                    horizon sums; parametric: normal; cornish-fisher: normal adjusted for
                    skewness and kurtosis; montecarlo: paths drawn from a multivariate normal
                    fitted to the assets
  beta              of the portfolio to the first input
  sharpe_ratio      annualised, with --risk-free-rate
  sortino_ratio     annualised, target return 0
  risk_free_rate    as used
  max_drawdown      {depth, peak, trough, recovery}: the largest fall of the portfolio's equity
                    curve from a running peak, as a positive fraction, and the times of the
                    peak, the trough and the recovery (null if not recovered)
  covariance        N x N (an array of rows, input order) of the assets' per-period returns
  correlation       N x N likewise
Numbers are printed in the shortest form that reads back to the same double; null where a measure
is undefined (NaN or infinite, e.g. beta against a benchmark that never moves).

Exit status: 0 on success; 1 when an input cannot be read or is malformed, the files share too few
times, or a measure cannot be computed from the data; 2 on a usage error (unknown option, bad value,
a --weights count that does not match the inputs).
)";

struct Parsed {
  std::vector<std::string> inputs;
  core::risk::RiskOptions options;
};

// Fills *p from the arguments; "" or the usage error.
std::string parse_options(const Args& args, Parsed* p) {
  p->inputs = args.all("input");
  if (p->inputs.empty()) return "at least one --input FILE is required (stockpulse risk --help)";
  core::risk::RiskOptions& o = p->options;
  if (auto w = args.get("weights")) {
    if (auto e = parse_double_list("weights", *w, &o.weights); !e.empty()) return e;
    if (o.weights.size() != p->inputs.size()) {
      return "--weights has " + std::to_string(o.weights.size()) + " weight" +
             (o.weights.size() == 1 ? "" : "s") + " for " + std::to_string(p->inputs.size()) +
             " input" + (p->inputs.size() == 1 ? "" : "s") + "; give one weight per --input";
    }
  }
  if (auto c = args.get("confidence")) {
    if (auto e = parse_double("confidence", *c, &o.confidence); !e.empty()) return e;
    if (!(o.confidence > 0 && o.confidence < 1)) {
      return "--confidence " + *c + " is outside (0, 1); use e.g. 0.99 for 99%";
    }
  }
  if (auto h = args.get("horizon")) {
    std::int64_t v = 0;
    if (auto e = parse_int("horizon", *h, 1, 100000, &v); !e.empty()) return e;
    o.horizon_days = static_cast<int>(v);
  }
  if (auto m = args.get("method")) {
    auto method = core::risk::parse_var_method(*m);
    if (!method) {
      return "--method '" + *m +
             "' is not one of historical, parametric, cornish-fisher, montecarlo";
    }
    o.method = *method;
  }
  if (auto n = args.get("paths")) {
    std::int64_t v = 0;
    if (auto e = parse_int("paths", *n, 1, 100000000, &v); !e.empty()) return e;
    o.mc_paths = static_cast<std::size_t>(v);
  }
  if (auto s = args.get("seed")) {
    if (auto e = parse_uint64("seed", *s, &o.seed); !e.empty()) return e;
  }
  if (o.method == core::risk::VarMethod::kMonteCarlo &&
      static_cast<double>(o.mc_paths) * (1 - o.confidence) < 1) {
    const double need = std::ceil(1 / (1 - o.confidence) - 1e-9);
    return "--paths " + std::to_string(o.mc_paths) + " is too few for --confidence " +
           format_number(o.confidence) + ": no path would fall in the tail; use at least " +
           format_number(need);
  }
  if (auto ppy = args.get("periods-per-year")) {
    if (auto e = parse_double("periods-per-year", *ppy, &o.periods_per_year); !e.empty()) return e;
    if (!(o.periods_per_year > 0)) return "--periods-per-year " + *ppy + " must be positive";
  }
  if (auto rf = args.get("risk-free-rate")) {
    if (auto e = parse_double("risk-free-rate", *rf, &o.risk_free_rate); !e.empty()) return e;
  }
  return "";
}

void write_matrix(JsonWriter& j, const std::vector<double>& m, std::size_t n) {
  j.begin_array();
  for (std::size_t r = 0; r < n; ++r) j.numbers(m.data() + r * n, n);
  j.end_array();
}

int run(const std::vector<std::string>& argv) {
  Args args(std::string{kName});
  args.option("input", Args::kRepeatable)
      .option("weights")
      .option("confidence")
      .option("horizon")
      .option("method")
      .option("paths")
      .option("seed")
      .option("periods-per-year")
      .option("risk-free-rate");
  if (!args.parse(argv)) return usage_error(kName, args.error());
  if (args.help()) return print_help(kRiskCommand);
  Parsed p;
  if (std::string e = parse_options(args, &p); !e.empty()) return usage_error(kName, e);
  const std::size_t n = p.inputs.size();
  if (std::count(p.inputs.begin(), p.inputs.end(), "-") > 1) {
    return usage_error(kName, "standard input ('-') can be given as one --input only");
  }

  // Read and align.
  std::vector<market::OhlcvTable> tables(n);
  std::vector<std::string> sources(n), names(n);
  for (std::size_t k = 0; k < n; ++k) {
    market::OhlcvReadResult r = read_input(p.inputs[k]);
    if (!r.ok()) return runtime_error(kName, r.error);
    tables[k] = std::move(r.table);
    sources[k] = p.inputs[k] == "-" ? "<stdin>" : p.inputs[k];
    names[k] = input_stem(p.inputs[k]);
  }
  std::vector<const market::OhlcvTable*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  market::AlignedCloses aligned = market::align_closes(ptrs, sources);
  if (!aligned.ok()) return runtime_error(kName, aligned.error);
  const std::size_t count = aligned.time_ms.size();
  if (count < 3) {
    std::string what = n == 1 ? sources[0] + " has " : "the inputs share ";
    return runtime_error(kName, what + std::to_string(count) + " time" + (count == 1 ? "" : "s") +
                                    " with a close; at least 3 are needed");
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t t = 0; t < count; ++t) {
      if (!(aligned.closes[k][t] > 0)) {
        return runtime_error(kName, sources[k] + ": close " + format_number(aligned.closes[k][t]) +
                                        " at time '" + tables[k].time_text[aligned.rows[k][t]] +
                                        "' is not positive (returns need positive prices)");
      }
    }
  }

  auto report_or = core::risk::risk_report(aligned.closes, p.options);
  if (!report_or) return runtime_error(kName, report_or.error());
  const core::risk::RiskReport& rep = *report_or;
  const double ppy = p.options.periods_per_year;

  // Summaries the report leaves to its caller.
  const auto moments = core::risk::sample_moments(rep.portfolio_returns, "portfolio returns");
  const auto [min_it, max_it] =
      std::minmax_element(rep.portfolio_returns.begin(), rep.portfolio_returns.end());
  const std::vector<double> equity = core::risk::equity_curve(rep.portfolio_returns);
  const auto rolling = core::risk::rolling_volatility(rep.portfolio_returns, kRollingWindow, ppy);
  const double rolling_latest = rolling && !rolling->empty() ? rolling->back() : kNaN;
  // Equity-curve index t is the time of aligned price t.
  const std::vector<std::string>& first_times = tables[0].time_text;
  const auto time_of = [&](std::size_t t) -> const std::string& {
    return first_times[aligned.rows[0][t]];
  };

  BufferedWriter out(stdout);
  JsonWriter j(out, JsonWriter::kPretty);
  j.begin_object();
  j.key("inputs");
  j.begin_array();
  for (const auto& s : sources) j.string(s);
  j.end_array();
  j.key("assets");
  j.begin_array();
  for (std::size_t k = 0; k < n; ++k) {
    j.begin_object();
    j.key("name");
    j.string(names[k]);
    j.key("weight");
    j.number(rep.weights[k]);
    j.key("mean_return");
    j.number(rep.asset_mean_returns[k]);
    j.key("volatility");
    j.number(rep.asset_volatilities[k]);
    j.end_object();
  }
  j.end_array();
  j.key("benchmark");
  j.string(names[0]);
  j.key("alignment");
  j.begin_object();
  j.key("prices");
  j.integer(static_cast<std::int64_t>(count));
  j.key("first");
  j.string(time_of(0));
  j.key("last");
  j.string(time_of(count - 1));
  j.key("dropped_missing_close");
  j.integer(static_cast<std::int64_t>(aligned.dropped_missing));
  j.end_object();
  j.key("periods_per_year");
  j.number(ppy);

  j.key("returns");
  j.begin_object();
  j.key("count");
  j.integer(static_cast<std::int64_t>(rep.observations));
  j.key("mean");
  j.number(rep.mean_return);
  j.key("mean_annualised");
  j.number(rep.mean_return * ppy);
  j.key("stdev");
  j.number(moments ? moments->stdev : kNaN);
  j.key("skewness");
  j.number(moments ? moments->skewness : kNaN);
  j.key("excess_kurtosis");
  j.number(moments ? moments->excess_kurtosis : kNaN);
  j.key("min");
  j.number(*min_it);
  j.key("max");
  j.number(*max_it);
  j.key("total");
  j.number(equity.back() - 1.0);
  j.end_object();

  j.key("volatility");
  j.begin_object();
  j.key("annualised");
  j.number(rep.volatility);
  j.key("rolling_21");
  j.number(rolling_latest);
  j.key("ewma");
  j.number(rep.ewma_volatility);
  j.key("ewma_lambda");
  j.number(p.options.ewma_lambda);
  j.end_object();

  j.key("tail_risk");
  j.begin_object();
  j.key("method");
  j.string(core::risk::to_string(rep.method));
  j.key("confidence");
  j.number(rep.confidence);
  j.key("horizon_days");
  j.integer(rep.horizon_days);
  j.key("value_at_risk");
  j.number(rep.tail_risk.value_at_risk);
  j.key("expected_shortfall");
  j.number(rep.tail_risk.expected_shortfall);
  if (rep.method == core::risk::VarMethod::kMonteCarlo) {
    j.key("paths");
    j.integer(static_cast<std::int64_t>(p.options.mc_paths));
    j.key("seed");
    j.unsigned_integer(p.options.seed);
  }
  j.end_object();

  j.key("beta");
  j.number(rep.beta);
  j.key("sharpe_ratio");
  j.number(rep.sharpe_ratio);
  j.key("sortino_ratio");
  j.number(rep.sortino_ratio);
  j.key("risk_free_rate");
  j.number(p.options.risk_free_rate);

  j.key("max_drawdown");
  j.begin_object();
  j.key("depth");
  j.number(rep.max_drawdown.depth);
  j.key("peak");
  j.string(time_of(rep.max_drawdown.peak));
  j.key("trough");
  j.string(time_of(rep.max_drawdown.trough));
  j.key("recovery");
  if (rep.max_drawdown.recovery == core::risk::Drawdown::npos) {
    j.null();
  } else {
    j.string(time_of(rep.max_drawdown.recovery));
  }
  j.end_object();

  j.key("covariance");
  write_matrix(j, rep.covariance, n);
  j.key("correlation");
  write_matrix(j, rep.correlation, n);
  j.end_object();
  if (!out.flush()) return runtime_error(kName, "<stdout>: " + out.error());
  return kExitOk;
}

}  // namespace

const Command kRiskCommand{
    kName, "portfolio risk (VaR, ES, volatility, beta, Sharpe, drawdown) as JSON", kHelp, run};

}  // namespace sp::app
