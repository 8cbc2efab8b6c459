// Floating-point std::to_chars / std::from_chars for old libc++ (WebAssembly build only).
//
// Debian's Emscripten 3.1.6 ships libc++ 13, which declares std::chars_format but has no
// floating-point to_chars (libc++ 14) or from_chars (libc++ 20); src/core uses both (spec parsing,
// option formatting, risk messages). wasm/build.sh force-includes this header (-include) so that
// src/core compiles unchanged. It is not used by the native build.
//
// Semantics follow [charconv] for the forms the core uses:
//   to_chars(first, last, v)            shortest round-trip, fixed or scientific, whichever is
//                                       shorter (fixed on a tie), as printf would spell it;
//   to_chars(first, last, v, fmt[, p])  printf's %f / %e / %g / %a with precision p;
//   from_chars(first, last, v[, fmt])   no leading whitespace, no '+', no "0x" prefix; inf/nan
//                                       accepted; result_out_of_range leaves v untouched.
// Adding overloads to namespace std is formally undefined; it is confined to this toolchain.
#pragma once

#include <charconv>

#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 200000

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace sp_wasm_compat {

inline std::to_chars_result copy_out(char* first, char* last, const char* s, int len) {
  if (len < 0 || len > last - first) return {last, std::errc::value_too_large};
  std::memcpy(first, s, static_cast<std::size_t>(len));
  return {first + len, std::errc()};
}

// strtof / strtod / strtold, so each type is rounded once, from the decimal text.
inline float strto(const char* s, char** end, float) {
  return std::strtof(s, end);
}
inline double strto(const char* s, char** end, double) {
  return std::strtod(s, end);
}
inline long double strto(const char* s, char** end, long double) {
  return std::strtold(s, end);
}

// The fewest significant digits (1..max_digits) that read back as v, in %e form.
template <class T>
inline int shortest_digits(T v, int max_digits) {
  char buf[64];
  for (int p = 1; p < max_digits; ++p) {
    std::snprintf(buf, sizeof buf, "%.*Le", p - 1, static_cast<long double>(v));
    if (strto(buf, nullptr, T()) == v) return p;
  }
  return max_digits;
}

template <class T>
inline std::to_chars_result to_chars_shortest(char* first, char* last, T v, int max_digits) {
  char sci[64], fix[512];
  if (!std::isfinite(v)) {
    const char* s = std::isnan(v) ? (std::signbit(v) ? "-nan" : "nan") : (v < 0 ? "-inf" : "inf");
    return copy_out(first, last, s, static_cast<int>(std::strlen(s)));
  }
  const int digits = shortest_digits(v, max_digits);
  const int ns = std::snprintf(sci, sizeof sci, "%.*Le", digits - 1, static_cast<long double>(v));
  // The decimal exponent, to spell the same digits in fixed notation.
  const int exp10 = std::atoi(std::strchr(sci, 'e') + 1);
  const int frac = digits - 1 - exp10;
  int nf =
      std::snprintf(fix, sizeof fix, "%.*Lf", frac > 0 ? frac : 0, static_cast<long double>(v));
  if (nf > 0 && nf < static_cast<int>(sizeof fix) && nf <= ns)
    return copy_out(first, last, fix, nf);
  return copy_out(first, last, sci, ns);
}

template <class T>
inline std::to_chars_result to_chars_format(char* first, char* last, T v, std::chars_format fmt,
                                            int precision) {
  char spec[8] = "%.*L?";
  switch (fmt) {
    case std::chars_format::fixed:
      spec[4] = 'f';
      break;
    case std::chars_format::scientific:
      spec[4] = 'e';
      break;
    case std::chars_format::hex:
      spec[4] = 'a';
      break;
    default:
      spec[4] = 'g';
      break;
  }
  std::string buf(static_cast<std::size_t>(precision) + 400, '\0');
  const int n = std::snprintf(buf.data(), buf.size(), spec, precision, static_cast<long double>(v));
  if (n < 0 || n >= static_cast<int>(buf.size())) return {last, std::errc::value_too_large};
  const char* s = buf.c_str();
  int len = n;
  if (fmt == std::chars_format::hex && len >= 2) {  // to_chars omits printf's "0x"
    if (s[0] == '-') {
      buf.erase(1, 2);
    } else {
      s += 2;
    }
    len -= 2;
  }
  return copy_out(first, last, s, len);
}

template <class T>
inline std::to_chars_result to_chars_fmt_shortest(char* first, char* last, T v,
                                                  std::chars_format fmt, int max_digits) {
  if (fmt == std::chars_format::general) return to_chars_shortest(first, last, v, max_digits);
  if (fmt == std::chars_format::scientific && std::isfinite(v)) {
    return to_chars_format(first, last, v, fmt, shortest_digits(v, max_digits) - 1);
  }
  if (fmt == std::chars_format::fixed && std::isfinite(v)) {
    char sci[64];
    const int digits = shortest_digits(v, max_digits);
    std::snprintf(sci, sizeof sci, "%.*Le", digits - 1, static_cast<long double>(v));
    const int frac = digits - 1 - std::atoi(std::strchr(sci, 'e') + 1);
    return to_chars_format(first, last, v, fmt, frac > 0 ? frac : 0);
  }
  return to_chars_format(first, last, v, fmt, fmt == std::chars_format::hex ? 13 : 6);
}

template <class T>
inline std::from_chars_result from_chars_fp(const char* first, const char* last, T& value,
                                            std::chars_format fmt) {
  const std::from_chars_result invalid{first, std::errc::invalid_argument};
  if (first == last) return invalid;
  const char* p = first;
  if (*p == '-') ++p;
  if (p == last || *p == '+' || *p == ' ' || (*p >= '\t' && *p <= '\r')) return invalid;
  const bool hex_prefix = last - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
  std::string text(first, last);
  if (fmt == std::chars_format::hex) {
    if (hex_prefix) return invalid;
    text.insert(static_cast<std::size_t>(p - first), "0x");
  } else if (hex_prefix) {
    // "0x1p3" reads as 0 followed by "x1p3", as the standard's pattern allows.
    text.assign(first, p + 1);
  }
  errno = 0;
  char* end = nullptr;
  const T parsed = strto(text.c_str(), &end, T());
  std::ptrdiff_t used = end - text.c_str();
  if (used == 0) return invalid;
  if (fmt == std::chars_format::hex) used -= 2;
  const char* stop = first + used;
  // ERANGE covers overflow and underflow to zero or a subnormal; the standard calls the former
  // out of range and is silent on the latter, for which we keep the (rounded) value.
  if (errno == ERANGE && std::isinf(parsed)) return {stop, std::errc::result_out_of_range};
  value = parsed;
  return {stop, std::errc()};
}

}  // namespace sp_wasm_compat

namespace std {

#if _LIBCPP_VERSION < 14000
#define SP_WASM_TO_CHARS(T, DIGITS)                                                                \
  inline to_chars_result to_chars(char* first, char* last, T v) {                                  \
    return sp_wasm_compat::to_chars_shortest(first, last, v, DIGITS);                              \
  }                                                                                                \
  inline to_chars_result to_chars(char* first, char* last, T v, chars_format fmt) {                \
    return sp_wasm_compat::to_chars_fmt_shortest(first, last, v, fmt, DIGITS);                     \
  }                                                                                                \
  inline to_chars_result to_chars(char* first, char* last, T v, chars_format fmt, int precision) { \
    return sp_wasm_compat::to_chars_format(first, last, v, fmt, precision);                        \
  }
SP_WASM_TO_CHARS(float, 9)
SP_WASM_TO_CHARS(double, 17)
SP_WASM_TO_CHARS(long double, 36)
#undef SP_WASM_TO_CHARS
#endif

#define SP_WASM_FROM_CHARS(T)                                                        \
  inline from_chars_result from_chars(const char* first, const char* last, T& value, \
                                      chars_format fmt = chars_format::general) {    \
    return sp_wasm_compat::from_chars_fp(first, last, value, fmt);                   \
  }
SP_WASM_FROM_CHARS(float)
SP_WASM_FROM_CHARS(double)
SP_WASM_FROM_CHARS(long double)
#undef SP_WASM_FROM_CHARS

}  // namespace std

#endif
