#include "market/ohlcv_file.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace sp::market {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

void split(std::string_view line, char sep, std::vector<std::string_view>* fields) {
  fields->clear();
  std::size_t pos = 0;
  while (true) {
    std::size_t next = line.find(sep, pos);
    fields->push_back(trim(line.substr(pos, next == line.npos ? line.npos : next - pos)));
    if (next == line.npos) break;
    pos = next + 1;
  }
}

// Days from 1970-01-01 to the civil date (proleptic Gregorian); Howard Hinnant's algorithm.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool read_uint(std::string_view s, std::size_t pos, std::size_t len, unsigned* out) {
  if (pos + len > s.size()) return false;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  *out = v;
  return true;
}

bool parse_number(std::string_view s, double* v) {
  if (s.empty() || s == "NaN" || s == "nan" || s == "null" || s == "NULL") {
    *v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, *v);
  return ec == std::errc() && p == e;
}

}  // namespace

core::OhlcvView OhlcvTable::view() const {
  core::OhlcvView v;
  v.size = size();
  v.time_ms = time_ms.data();
  if (columns & core::kOpen) v.open = open.data();
  if (columns & core::kHigh) v.high = high.data();
  if (columns & core::kLow) v.low = low.data();
  if (columns & core::kClose) v.close = close.data();
  if (columns & core::kVolume) v.volume = volume.data();
  return v;
}

bool parse_time(std::string_view t, std::int64_t* ms) {
  t = trim(t);
  if (t.empty()) return false;
  bool all_digits = true;
  for (char c : t) all_digits &= (c >= '0' && c <= '9');
  if (all_digits) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), *ms);
    return ec == std::errc() && p == t.data() + t.size();
  }
  unsigned y, mo, d, h = 0, mi = 0, s = 0, frac = 0;
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return false;
  if (!read_uint(t, 0, 4, &y) || !read_uint(t, 5, 2, &mo) || !read_uint(t, 8, 2, &d)) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  std::size_t pos = 10;
  if (pos < t.size()) {
    if (t[pos] != 'T' && t[pos] != ' ') return false;
    if (!read_uint(t, pos + 1, 2, &h) || t.size() < pos + 6 || t[pos + 3] != ':' ||
        !read_uint(t, pos + 4, 2, &mi))
      return false;
    pos += 6;
    if (pos < t.size() && t[pos] == ':') {
      if (!read_uint(t, pos + 1, 2, &s)) return false;
      pos += 3;
      if (pos < t.size() && t[pos] == '.') {
        std::size_t digits = 0;
        ++pos;
        while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
          if (digits < 3) frac = frac * 10 + static_cast<unsigned>(t[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return false;
        for (; digits < 3; ++digits) frac *= 10;
      }
    }
    if (pos < t.size() && t[pos] == 'Z') ++pos;
    if (pos != t.size() || h > 23 || mi > 59 || s > 60) return false;
  }
  *ms = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + s * 1000 + frac;
  return true;
}

std::string format_time(std::int64_t ms) {
  std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  std::int64_t rem = ms - days * 86400000;
  // civil_from_days (Hinnant)
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  const int h = static_cast<int>(rem / 3600000), mi = static_cast<int>(rem / 60000 % 60),
            s = static_cast<int>(rem / 1000 % 60), f = static_cast<int>(rem % 1000);
  if (f) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<long long>(y), m, d, h, mi, s, f);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                  d, h, mi, s);
  }
  return buf;
}

OhlcvReadResult parse_ohlcv(std::string_view text, std::string_view source) {
  OhlcvReadResult r;
  OhlcvTable& t = r.table;
  auto fail = [&](std::size_t line, std::string why) {
    r.error = std::string(source);
    if (line) r.error.append(":").append(std::to_string(line));
    r.error.append(": ").append(why);
    r.table = OhlcvTable{};
    return r;
  };
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  std::size_t pos = 0, line_no = 0;
  auto next_line = [&](std::string_view* line) {
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      *line = text.substr(pos, nl == text.npos ? text.npos : nl - pos);
      pos = nl == text.npos ? text.size() : nl + 1;
      ++line_no;
      if (!trim(*line).empty()) return true;
    }
    return false;
  };
  std::string_view header;
  if (!next_line(&header))
    return fail(0, "empty file: expected a header row with open, high, low, close, volume columns");
  const char sep = header.find('\t') != header.npos ? '\t' : ',';
  std::vector<std::string_view> fields;
  split(header, sep, &fields);
  int col_time = -1, col[5] = {-1, -1, -1, -1, -1};
  static constexpr const char* kNames[5] = {"open", "high", "low", "close", "volume"};
  static constexpr unsigned kBits[5] = {core::kOpen, core::kHigh, core::kLow, core::kClose,
                                        core::kVolume};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = lower(fields[i]);
    if (name == "date" || name == "time" || name == "timestamp" || name == "datetime") {
      if (col_time < 0) col_time = static_cast<int>(i);
      continue;
    }
    for (int k = 0; k < 5; ++k) {
      if (name == kNames[k]) {
        if (col[k] >= 0)
          return fail(line_no, "column '" + std::string(fields[i]) + "' appears twice");
        col[k] = static_cast<int>(i);
        t.columns |= kBits[k];
      }
    }
  }
  if (!t.columns) {
    return fail(line_no, "no open, high, low, close or volume column in the header '" +
                             std::string(trim(header)) + "'");
  }
  if (col_time >= 0) t.columns |= core::kTime;
  std::vector<double>* dest[5] = {&t.open, &t.high, &t.low, &t.close, &t.volume};
  std::string_view line;
  while (next_line(&line)) {
    split(line, sep, &fields);
    const std::size_t row = t.time_ms.size();
    std::int64_t ms = static_cast<std::int64_t>(row);
    if (col_time >= 0) {
      if (static_cast<std::size_t>(col_time) >= fields.size())
        return fail(line_no, "missing the time field");
      if (!parse_time(fields[col_time], &ms)) {
        return fail(line_no, "time '" + std::string(fields[col_time]) +
                                 "' is neither an ISO date/date-time nor epoch milliseconds");
      }
      t.time_text.emplace_back(fields[col_time]);
    } else {
      t.time_text.push_back(std::to_string(row));
    }
    t.time_ms.push_back(ms);
    for (int k = 0; k < 5; ++k) {
      if (col[k] < 0) continue;
      double v = 0;
      if (static_cast<std::size_t>(col[k]) >= fields.size()) {
        return fail(line_no, std::string("missing the ") + kNames[k] + " field (row has " +
                                 std::to_string(fields.size()) + " fields)");
      }
      if (!parse_number(fields[col[k]], &v)) {
        return fail(line_no, std::string(kNames[k]) + " '" + std::string(fields[col[k]]) +
                                 "' is not a number");
      }
      dest[k]->push_back(v);
    }
  }
  return r;
}

OhlcvReadResult read_ohlcv_file(const std::string& path) {
  // stdio rather than an ifstream: an ifstream opens a directory and then reads nothing, which
  // used to be reported as "empty file"; fread reports EISDIR (and any other read error) itself.
  OhlcvReadResult r;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    r.error = path + ": cannot open (" + std::strerror(errno) + ")";
    return r;
  }
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  if (failed) {
    r.error = path + ": cannot read (" + std::strerror(err) + ")";
    return r;
  }
  return parse_ohlcv(text, path);
}

}  // namespace sp::market
