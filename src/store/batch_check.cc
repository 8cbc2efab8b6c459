#include "store/batch_check.h"

#include <charconv>
#include <cmath>
#include <string>

namespace sp::store {
namespace {

constexpr std::size_t kMaxSymbolBytes = 32;
constexpr std::size_t kMaxTimeframeBytes = 8;
constexpr std::size_t kMaxSourceBytes = 256;

}  // namespace

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

namespace {

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string bar_label(std::size_t i, const StoredBar& b) {
  return "bar " + std::to_string(i) + " (" + quoted(b.symbol) + " " + quoted(b.timeframe) + " " +
         std::to_string(b.start_ms) + ")";
}

std::string trade_label(std::size_t i, const StoredTrade& t) {
  return "trade " + std::to_string(i) + " (" + quoted(t.symbol) + " seq " +
         std::to_string(t.source_seq) + ")";
}

}  // namespace

std::string_view symbol_problem(std::string_view symbol) {
  if (symbol.empty()) return "symbol is empty";
  if (symbol.size() > kMaxSymbolBytes) return "symbol is longer than 32 bytes";
  for (const char c : symbol) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return "symbol has a byte that is not printable ASCII";
  }
  if (symbol.front() == ' ' || symbol.back() == ' ') return "symbol starts or ends with a space";
  return {};
}

std::string_view timeframe_problem(std::string_view timeframe) {
  if (timeframe.empty()) return "timeframe is empty";
  if (timeframe.size() > kMaxTimeframeBytes) return "timeframe is longer than 8 bytes";
  for (const char c : timeframe) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) return "timeframe has a character that is not a letter or digit";
  }
  return {};
}

std::string_view source_problem(std::string_view source) {
  if (source.empty()) return "source is empty";
  if (source.size() > kMaxSourceBytes) return "source is longer than 256 bytes";
  for (const char c : source) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "source has a control character";
  }
  return {};
}

Status check_batch(const WriteBatch& batch, std::string_view store_name) {
  const std::string prefix = std::string(store_name) + ": ";
  if (!batch.trades.empty() || batch.checkpoint) {
    if (const auto p = source_problem(batch.source); !p.empty()) {
      const char* what = batch.trades.empty() ? "a checkpoint" : "trades";
      return Status::error(prefix + "batch with " + what + ": " + std::string(p) + " " +
                           quoted(batch.source));
    }
  }
  for (std::size_t i = 0; i < batch.bars.size(); ++i) {
    const StoredBar& b = batch.bars[i];
    auto fail = [&](const std::string& what) {
      return Status::error(prefix + bar_label(i, b) + ": " + what);
    };
    if (const auto p = symbol_problem(b.symbol); !p.empty()) return fail(std::string(p));
    if (const auto p = timeframe_problem(b.timeframe); !p.empty()) return fail(std::string(p));
    const struct {
      const char* name;
      double value;
    } fields[] = {{"open", b.open},
                  {"high", b.high},
                  {"low", b.low},
                  {"close", b.close},
                  {"volume", b.volume}};
    for (const auto& f : fields) {
      if (!std::isfinite(f.value)) return fail(std::string(f.name) + " is " + number(f.value));
    }
    if (b.volume < 0) return fail("volume is negative (" + number(b.volume) + ")");
    if (b.trades < 0) return fail("trades is negative (" + std::to_string(b.trades) + ")");
  }
  for (std::size_t i = 0; i < batch.trades.size(); ++i) {
    const StoredTrade& t = batch.trades[i];
    auto fail = [&](const std::string& what) {
      return Status::error(prefix + trade_label(i, t) + ": " + what);
    };
    if (const auto p = symbol_problem(t.symbol); !p.empty()) return fail(std::string(p));
    if (t.price < 0) return fail("price is negative (" + std::to_string(t.price) + " ticks)");
    if (t.shares <= 0) return fail("shares is not positive (" + std::to_string(t.shares) + ")");
    if (t.side != 'B' && t.side != 'S' && t.side != ' ') {
      return fail("side is " + quoted(std::string_view(&t.side, 1)) + ", not 'B', 'S' or ' '");
    }
  }
  return {};
}

}  // namespace sp::store
