#include "market/sim/ticker_names.h"

#include <array>
#include <unordered_set>

#include "market/sim/random.h"

namespace sp::market::sim {
namespace {

constexpr std::array<std::string_view, 48> kWellKnown = {
    "AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AVGO", "COST", "NFLX", "AMD",  "PEP",
    "ADBE", "CSCO", "TMUS", "INTC", "QCOM",  "TXN",  "AMGN", "INTU", "HON",  "SBUX", "GILD", "MDLZ",
    "BKNG", "ADP",  "ISRG", "VRTX", "REGN",  "MU",   "LRCX", "PYPL", "ADI",  "KLAC", "SNPS", "CDNS",
    "MRVL", "PANW", "ABNB", "CRWD", "FTNT",  "ORLY", "CTAS", "MELI", "WDAY", "DXCM", "PDD",  "QQQ"};

// A name packed in 5 bits a letter, to test uniqueness without strings.
std::uint32_t pack(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s) v = v * 32 + static_cast<std::uint32_t>(c - 'A' + 1);
  return v;
}

}  // namespace

bool is_ticker_like(std::string_view name) {
  if (name.empty() || name.size() > 5) return false;
  for (char c : name)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

std::vector<std::string> make_ticker_names(std::uint32_t count, std::uint64_t seed) {
  std::vector<std::string> names;
  names.reserve(count);
  std::unordered_set<std::uint32_t> used;
  used.reserve(count * 2);
  for (std::string_view w : kWellKnown) {
    if (names.size() == count) return names;
    names.emplace_back(w);
    used.insert(pack(w));
  }
  Rng rng(seed ^ 0x7469636B65727321ull);  // its own stream: names do not shift the order flow
  std::string s;
  while (names.size() < count) {
    // Lengths, per mille: 1 letter 5, 2 letters 25, 3 letters 250, 4 letters 600, 5 letters 120.
    const std::uint64_t r = rng.below(1000);
    const std::size_t len = r < 5 ? 1 : r < 30 ? 2 : r < 280 ? 3 : r < 880 ? 4 : 5;
    s.assign(len, 'A');
    for (char& c : s) c = static_cast<char>('A' + rng.below(26));
    if (used.insert(pack(s)).second) names.push_back(s);
  }
  return names;
}

}  // namespace sp::market::sim
