// Value at risk and expected shortfall against closed forms and independent computations.
#include "core/risk/var.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "core/risk/normal.h"

namespace sp::core::risk {
namespace {

constexpr double kZ99 = 2.326347874040841;   // Phi^{-1}(0.99), from tables
constexpr double kZ975 = 1.959963984540054;  // Phi^{-1}(0.975)

double pdf(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2 * 3.14159265358979323846);
}

// Losses 0.001, 0.002, ..., 0.100 in a scrambled order.
std::vector<double> hundred_losses() {
  std::vector<double> r(100);
  for (int i = 0; i < 100; ++i) r[i] = -(i + 1) / 1000.0;
  std::shuffle(r.begin(), r.end(), std::mt19937_64(3));
  return r;
}

std::vector<double> skewed_returns(std::size_t n, std::uint64_t seed) {
  // Small frequent gains, rare large losses: negative skew and fat tails.
  std::mt19937_64 g(seed);
  std::vector<double> r(n);
  for (auto& x : r) {
    const double u = static_cast<double>(g() >> 11) * 0x1.0p-53;
    x = u < 0.05 ? -0.03 - 0.04 * u : 0.002 + 0.01 * (u - 0.5);
  }
  return r;
}

struct Moments {
  double mean, sd, skew, kurt;
};
Moments moments(const std::vector<double>& r) {
  const double n = r.size();
  const double m = std::accumulate(r.begin(), r.end(), 0.0) / n;
  double s2 = 0, s3 = 0, s4 = 0;
  for (const double x : r) {
    s2 += std::pow(x - m, 2);
    s3 += std::pow(x - m, 3);
    s4 += std::pow(x - m, 4);
  }
  return {m, std::sqrt(s2 / (n - 1)), (s3 / n) / std::pow(s2 / n, 1.5),
          (s4 / n) / std::pow(s2 / n, 2) - 3};
}

// ---- Historical
// ----------------------------------------------------------------------------------

TEST(HistoricalVar, KnownQuantilesOfAHandMadeSeries) {
  const auto r = hundred_losses();
  struct Case {
    double c, var, es;
  } cases[] = {
      {0.95, 0.095, 0.098},    // m = 95; ES = mean of the 5 worst
      {0.99, 0.099, 0.100},    // m = 99; ES = the worst
      {0.975, 0.098, 0.0992},  // n c = 97.5, m = 98; ES = (0.5 * 0.098 + 0.099 + 0.100) / 2.5
      {0.5, 0.050, 0.0755},    // the median loss; ES = mean of 0.051..0.100
  };
  for (const auto& k : cases) {
    auto t = historical_var(r, k.c);
    ASSERT_TRUE(t) << t.error();
    EXPECT_NEAR(t->value_at_risk, k.var, 1e-15) << k.c;
    EXPECT_NEAR(t->expected_shortfall, k.es, 1e-15) << k.c;
  }
}

TEST(HistoricalVar, TiesAndSnappingOfNc) {
  // 1000 returns, c = 0.99: n c = 990 exactly after snapping, so VaR is the 11th worst loss and ES
  // the mean of the 10 worst, even with ties at the boundary.
  std::vector<double> r(1000, 0.0);
  for (int i = 0; i < 10; ++i) r[i] = -0.05 - 0.001 * i;  // the 10 worst
  r[500] = -0.04;                                         // the 11th worst
  r[501] = -0.04;                                         // tied with it
  auto t = historical_var(r, 0.99);
  ASSERT_TRUE(t);
  EXPECT_DOUBLE_EQ(t->value_at_risk, 0.04);
  EXPECT_NEAR(t->expected_shortfall, 0.0545, 1e-15);
}

TEST(HistoricalVar, HorizonUsesOverlappingSums) {
  const std::vector<double> r = {0.01, -0.02, -0.03, 0.04, -0.01};
  // 2-day sums: -0.01, -0.05, 0.01, 0.03 -> losses 0.01, 0.05, -0.01, -0.03.
  auto t = historical_var(r, 0.75, 2);
  ASSERT_TRUE(t);
  EXPECT_NEAR(t->value_at_risk, 0.01, 1e-15);       // m = 3 of 4
  EXPECT_NEAR(t->expected_shortfall, 0.05, 1e-15);  // the worst
  EXPECT_FALSE(historical_var(r, 0.75, 6));         // fewer returns than the horizon
}

// ---- Parametric
// ----------------------------------------------------------------------------------

TEST(ParametricVar, EqualsMuPlusZSigma) {
  const auto r = skewed_returns(2000, 5);
  const Moments m = moments(r);
  for (const int h : {1, 10}) {
    auto t = parametric_var(r, 0.99, h);
    ASSERT_TRUE(t) << t.error();
    const double sigma = m.sd * std::sqrt(double(h));
    EXPECT_NEAR(t->value_at_risk, kZ99 * sigma - h * m.mean, 1e-15);
    EXPECT_NEAR(t->expected_shortfall, sigma * pdf(kZ99) / 0.01 - h * m.mean, 1e-14);
  }
  auto t975 = parametric_var(r, 0.975);
  ASSERT_TRUE(t975);
  EXPECT_NEAR(t975->value_at_risk, kZ975 * m.sd - m.mean, 1e-15);
}

TEST(ParametricVar, StandardNormalClosedForm) {
  const TailRisk t = gaussian_tail_risk(0.0, 1.0, 0.975);
  EXPECT_NEAR(t.value_at_risk, kZ975, 1e-15);
  EXPECT_NEAR(t.expected_shortfall, pdf(kZ975) / 0.025, 1e-14);  // 2.33780279...
}

// ---- Cornish-Fisher
// ------------------------------------------------------------------------------

TEST(CornishFisherVar, IsGaussianWithoutSkewOrExcessKurtosis) {
  for (const double c : {0.9, 0.95, 0.99, 0.999}) {
    const TailRisk g = gaussian_tail_risk(0.0004, 0.012, c);
    const TailRisk cf = cornish_fisher_tail_risk(0.0004, 0.012, 0.0, 0.0, c);
    EXPECT_NEAR(cf.value_at_risk, g.value_at_risk, 1e-15) << c;
    EXPECT_NEAR(cf.expected_shortfall, g.expected_shortfall, 1e-15) << c;
  }
}

TEST(CornishFisherVar, MovesTheRightWay) {
  const TailRisk g = gaussian_tail_risk(0, 1, 0.99);
  const TailRisk neg = cornish_fisher_tail_risk(0, 1, -0.5, 0, 0.99);
  const TailRisk pos = cornish_fisher_tail_risk(0, 1, +0.5, 0, 0.99);
  const TailRisk fat = cornish_fisher_tail_risk(0, 1, 0, 3, 0.99);
  EXPECT_GT(neg.value_at_risk, g.value_at_risk);  // a longer left tail: larger loss
  EXPECT_LT(pos.value_at_risk, g.value_at_risk);
  EXPECT_GT(fat.value_at_risk, g.value_at_risk);  // fat tails at 99%: larger loss
  EXPECT_GT(neg.expected_shortfall, g.expected_shortfall);
  EXPECT_GT(fat.expected_shortfall, g.expected_shortfall);
  // By hand at z = -2.326..: q = z + (z^2 - 1) S / 6 - (2 z^3 - 5 z) S^2 / 36.
  const double z = -kZ99, s = -0.5;
  const double q = z + (z * z - 1) * s / 6 - (2 * z * z * z - 5 * z) * s * s / 36;
  EXPECT_NEAR(neg.value_at_risk, -q, 1e-14);
}

TEST(CornishFisherVar, ExpectedShortfallEqualsQuadratureOfTheQuantile) {
  // ES = -(mu + sigma / alpha * integral_0^alpha q(Phi^{-1}(u)) du), integrated numerically with
  // u = alpha v^2 (which removes the endpoint singularity) and composite Simpson in v.
  struct Case {
    double mu, sd, s, k, c;
  } cases[] = {
      {0.0005, 0.01, -0.3, 2.0, 0.99}, {0, 1, 0.4, 1.0, 0.95}, {-0.001, 0.02, -0.8, 5, 0.975}};
  for (const auto& k : cases) {
    const double alpha = 1 - k.c;
    const int n = 200000;  // even
    const double h = 1.0 / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i) {
      const double v = i * h;
      double f = 0;
      if (i > 0) {
        const double u = alpha * v * v;
        f = cornish_fisher_quantile(inverse_normal_cdf(u), k.s, k.k) * 2 * alpha * v;
      }
      sum += f * (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2));
    }
    const double integral = sum * h / 3;
    const double es = -(k.mu + k.sd * integral / alpha);
    const TailRisk t = cornish_fisher_tail_risk(k.mu, k.sd, k.s, k.k, k.c);
    EXPECT_NEAR(t.expected_shortfall, es, 1e-7 * std::fabs(es)) << k.c;
    EXPECT_GE(t.expected_shortfall, t.value_at_risk);
  }
}

TEST(CornishFisherVar, OfASeriesUsesItsMomentsAndCumulantScaling) {
  const auto r = skewed_returns(3000, 9);
  const Moments m = moments(r);
  ASSERT_LT(m.skew, 0);
  for (const int h : {1, 5}) {
    auto t = cornish_fisher_var(r, 0.99, h);
    ASSERT_TRUE(t) << t.error();
    const TailRisk want = cornish_fisher_tail_risk(h * m.mean, std::sqrt(double(h)) * m.sd,
                                                   m.skew / std::sqrt(double(h)), m.kurt / h, 0.99);
    EXPECT_NEAR(t->value_at_risk, want.value_at_risk, 1e-12);
    EXPECT_NEAR(t->expected_shortfall, want.expected_shortfall, 1e-12);
  }
  auto p = parametric_var(r, 0.99);
  auto cf = cornish_fisher_var(r, 0.99);
  EXPECT_GT(cf->value_at_risk, p->value_at_risk);  // negative skew and fat tails
}

// ---- Monte Carlo
// ---------------------------------------------------------------------------------

struct Portfolio {
  std::vector<double> mean = {0.0005, 0.0002, 0.0008};
  std::vector<double> cov = {1.0e-4, 0.3e-4,  0.1e-4,  //
                             0.3e-4, 0.64e-4, 0.2e-4,  //
                             0.1e-4, 0.2e-4,  2.25e-4};
  std::vector<double> w = {0.5, 0.3, 0.2};
  double mu() const { return w[0] * mean[0] + w[1] * mean[1] + w[2] * mean[2]; }
  double sigma() const {
    double v = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) v += w[i] * cov[i * 3 + j] * w[j];
    return std::sqrt(v);
  }
};

TEST(MonteCarloVar, ConvergesToTheParametricValue) {
  const Portfolio p;
  const std::size_t n = 200000;
  for (const double c : {0.95, 0.99}) {
    for (const int h : {1, 10}) {
      auto t = monte_carlo_var(p.mean, p.cov, p.w, c, h, n, 12345);
      ASSERT_TRUE(t) << t.error();
      const double sigma = p.sigma() * std::sqrt(double(h));
      const TailRisk exact = gaussian_tail_risk(h * p.mu(), sigma, c);
      // Asymptotic standard errors of the empirical quantile and tail mean of N(0, sigma^2):
      //   sd(VaR) = sigma sqrt(alpha (1 - alpha) / N) / phi(z),
      //   sd(ES) ~= sigma sqrt((Var(Z | Z > z) + (1 - alpha)(ES - VaR)^2) / (N alpha)).
      const double alpha = 1 - c;
      const double z = inverse_normal_cdf(c);
      const double es_z = pdf(z) / alpha;
      const double tail_var = 1 + z * es_z - es_z * es_z;
      const double sd_var = sigma * std::sqrt(alpha * (1 - alpha) / n) / pdf(z);
      const double sd_es =
          sigma * std::sqrt((tail_var + (1 - alpha) * std::pow(es_z - z, 2)) / (n * alpha));
      EXPECT_NEAR(t->value_at_risk, exact.value_at_risk, 5 * sd_var) << c << " h " << h;
      EXPECT_NEAR(t->expected_shortfall, exact.expected_shortfall, 5 * sd_es) << c << " h " << h;
    }
  }
}

TEST(MonteCarloVar, IsBitIdenticalForTheSameSeed) {
  const Portfolio p;
  auto a = monte_carlo_var(p.mean, p.cov, p.w, 0.99, 1, 50000, 777);
  auto b = monte_carlo_var(p.mean, p.cov, p.w, 0.99, 1, 50000, 777);
  auto c = monte_carlo_var(p.mean, p.cov, p.w, 0.99, 1, 50000, 778);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->value_at_risk, b->value_at_risk);
  EXPECT_EQ(a->expected_shortfall, b->expected_shortfall);
  EXPECT_NE(a->value_at_risk, c->value_at_risk);
}

TEST(MonteCarloVar, OfOneSeriesFitsANormal) {
  const auto r = skewed_returns(2000, 21);
  VarOptions o;
  o.method = VarMethod::kMonteCarlo;
  o.mc_paths = 200000;
  auto mc = value_at_risk(r, o);
  auto p = parametric_var(r, 0.99);
  ASSERT_TRUE(mc && p);
  EXPECT_NEAR(mc->value_at_risk / p->value_at_risk, 1.0, 0.03);
}

TEST(MonteCarloVar, RejectsBadInput) {
  const Portfolio p;
  const std::vector<double> two_w = {0.5, 0.5};
  auto e1 = monte_carlo_var(p.mean, p.cov, two_w, 0.99);
  ASSERT_FALSE(e1);
  EXPECT_NE(e1.error().find("2 weights for 3 assets"), std::string::npos) << e1.error();

  const std::vector<double> m2 = {0, 0};
  const std::vector<double> not_pd = {1e-4, 2e-4, 2e-4, 1e-4};
  auto e2 = monte_carlo_var(m2, not_pd, two_w, 0.99);
  ASSERT_FALSE(e2);
  EXPECT_NE(e2.error().find("not positive definite"), std::string::npos) << e2.error();

  auto e3 = monte_carlo_var(p.mean, p.cov, p.w, 0.99, 1, 50);
  ASSERT_FALSE(e3);
  EXPECT_NE(e3.error().find("paths"), std::string::npos) << e3.error();
}

// ---- Common
// --------------------------------------------------------------------------------------

TEST(ValueAtRisk, DispatchesAndValidates) {
  const auto r = skewed_returns(500, 1);
  for (const VarMethod m : {VarMethod::kHistorical, VarMethod::kParametric,
                            VarMethod::kCornishFisher, VarMethod::kMonteCarlo}) {
    VarOptions o;
    o.method = m;
    auto t = value_at_risk(r, o);
    ASSERT_TRUE(t) << to_string(m) << ": " << t.error();
    EXPECT_GT(t->value_at_risk, 0) << to_string(m);
    EXPECT_GE(t->expected_shortfall, t->value_at_risk) << to_string(m);
    EXPECT_EQ(parse_var_method(to_string(m)), m);
  }
  EXPECT_EQ(parse_var_method("monte-carlo"), VarMethod::kMonteCarlo);
  EXPECT_FALSE(parse_var_method("garch").has_value());

  for (const double bad_c : {0.0, 1.0, -0.5, 99.0, std::nan("")}) {
    auto t = historical_var(r, bad_c);
    ASSERT_FALSE(t) << bad_c;
    EXPECT_NE(t.error().find("confidence"), std::string::npos) << t.error();
  }
  EXPECT_FALSE(parametric_var(r, 0.99, 0));
  const std::vector<double> one = {0.01};
  EXPECT_FALSE(parametric_var(one, 0.99));
  std::vector<double> with_nan = r;
  with_nan[42] = NAN;
  auto t = cornish_fisher_var(with_nan, 0.99);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().find("returns[42] is NaN"), std::string::npos) << t.error();
}

}  // namespace
}  // namespace sp::core::risk
