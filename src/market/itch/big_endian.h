// Big-endian loads and stores at fixed byte offsets, the only way ITCH fields are read or written.
//
// Each load copies the bytes with memcpy (no alignment or aliasing assumptions: a message may start
// at any byte of a file) and swaps them with __builtin_bswap*, which compiles to one mov + bswap
// (or a movbe) per field. REQUIRES: the caller has checked that [p, p + width) is
// readable/writable; nothing here checks a length. The 6-byte ITCH timestamp is read as a 2-byte
// and a 4-byte load so that it never touches a byte past the field.
#pragma once

#include <cstdint>
#include <cstring>

namespace sp::market::itch {

inline std::uint16_t load_be16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_bswap16(v);
}

inline std::uint32_t load_be32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_bswap32(v);
}

inline std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return __builtin_bswap64(v);
}

// 48-bit unsigned (ITCH timestamps: nanoseconds since midnight).
inline std::uint64_t load_be48(const std::uint8_t* p) {
  return (std::uint64_t{load_be16(p)} << 32) | load_be32(p + 2);
}

inline void store_be16(std::uint8_t* p, std::uint16_t v) {
  v = __builtin_bswap16(v);
  std::memcpy(p, &v, sizeof v);
}

inline void store_be32(std::uint8_t* p, std::uint32_t v) {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, sizeof v);
}

inline void store_be64(std::uint8_t* p, std::uint64_t v) {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, sizeof v);
}

// Stores the low 48 bits of v; higher bits are dropped (a timestamp never has them).
inline void store_be48(std::uint8_t* p, std::uint64_t v) {
  store_be16(p, static_cast<std::uint16_t>(v >> 32));
  store_be32(p + 2, static_cast<std::uint32_t>(v));
}

}  // namespace sp::market::itch
