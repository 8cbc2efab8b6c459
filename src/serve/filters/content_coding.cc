#include "serve/filters/content_coding.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <charconv>

namespace sp::serve {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// q-value per RFC 9110: "0", "1", or up to three decimals; nullopt if malformed.
std::optional<double> parse_q(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 5 || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  double q = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), q);
  if (ec != std::errc() || p != s.data() + s.size() || q < 0 || q > 1) return std::nullopt;
  return q;
}

std::optional<std::string> gzip_encode(std::string_view in) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper, not raw zlib (browsers accept both for "gzip", curl too,
  // but the gzip container is what the token names).
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> gzip_decode(std::string_view in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  std::string out;
  std::array<char, 16384> buf;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf.data(), buf.size() - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> brotli_encode(std::string_view in) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, in.size(),
                             reinterpret_cast<const uint8_t*>(in.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::optional<std::string> brotli_decode(std::string_view in) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!s) return std::nullopt;
  std::string out;
  std::array<uint8_t, 16384> buf;
  std::size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  BrotliDecoderResult r;
  do {
    std::size_t avail_out = buf.size();
    uint8_t* next_out = buf.data();
    r = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<const char*>(buf.data()), buf.size() - avail_out);
  } while (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  BrotliDecoderDestroyInstance(s);
  if (r != BROTLI_DECODER_RESULT_SUCCESS) return std::nullopt;
  return out;
}

std::optional<std::string> zstd_encode(std::string_view in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 6);
  if (ZSTD_isError(n)) return std::nullopt;
  out.resize(n);
  return out;
}

std::optional<std::string> zstd_decode(std::string_view in) {
  ZSTD_DStream* d = ZSTD_createDStream();
  if (!d) return std::nullopt;
  std::string out;
  std::array<char, 16384> buf;
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::size_t rc = 1;
  while (input.pos < input.size || rc != 0) {
    ZSTD_outBuffer output{buf.data(), buf.size(), 0};
    rc = ZSTD_decompressStream(d, &output, &input);
    if (ZSTD_isError(rc)) break;
    out.append(buf.data(), output.pos);
    if (input.pos == input.size && output.pos < output.size && rc != 0) {
      rc = static_cast<std::size_t>(-1);  // truncated frame
      break;
    }
  }
  ZSTD_freeDStream(d);
  if (rc != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string_view coding_name(Coding c) {
  switch (c) {
    case Coding::kBrotli:
      return "br";
    case Coding::kZstd:
      return "zstd";
    case Coding::kGzip:
      return "gzip";
    case Coding::kIdentity:
      break;
  }
  return "identity";
}

Coding negotiate(std::string_view header) {
  // q per offered coding, in preference order; -1 = not named.
  constexpr Coding kOffered[] = {Coding::kBrotli, Coding::kZstd, Coding::kGzip};
  double named[3] = {-1, -1, -1};
  double star = -1;
  double identity = -1;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view element = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (element.empty()) continue;
    double q = 1;
    const std::size_t semi = element.find(';');
    const std::string_view token = trim(element.substr(0, semi));
    bool ok = true;
    if (semi != std::string_view::npos) {
      std::string_view params = element.substr(semi + 1);
      ok = false;
      const std::size_t eq = params.find('=');
      if (eq != std::string_view::npos && iequal(trim(params.substr(0, eq)), "q")) {
        if (auto v = parse_q(params.substr(eq + 1))) {
          q = *v;
          ok = true;
        }
      }
    }
    if (!ok) continue;
    if (token == "*") star = q;
    if (iequal(token, "identity")) identity = q;
    for (int i = 0; i < 3; ++i) {
      if (iequal(token, coding_name(kOffered[i]))) named[i] = q;
    }
  }
  Coding best = Coding::kIdentity;
  double best_q = 0;
  for (int i = 0; i < 3; ++i) {
    const double q = named[i] >= 0 ? named[i] : star >= 0 ? star : 0;
    if (q > best_q) {
      best_q = q;
      best = kOffered[i];
    }
  }
  // The client may prefer no coding over the ones it accepts (identity;q=1, gzip;q=0.5).
  if (identity > best_q) return Coding::kIdentity;
  return best;
}

std::optional<std::string> encode(Coding c, std::string_view body) {
  if (c == Coding::kIdentity || body.size() < kMinBytes) return std::nullopt;
  std::optional<std::string> out;
  switch (c) {
    case Coding::kBrotli:
      out = brotli_encode(body);
      break;
    case Coding::kZstd:
      out = zstd_encode(body);
      break;
    case Coding::kGzip:
      out = gzip_encode(body);
      break;
    case Coding::kIdentity:
      break;
  }
  if (out && out->size() * 10 > body.size() * 9)
    return std::nullopt;  // saves under 10%: not worth it
  return out;
}

std::optional<std::string> decode(Coding c, std::string_view body) {
  switch (c) {
    case Coding::kBrotli:
      return brotli_decode(body);
    case Coding::kZstd:
      return zstd_decode(body);
    case Coding::kGzip:
      return gzip_decode(body);
    case Coding::kIdentity:
      return std::string(body);
  }
  return std::nullopt;
}

}  // namespace sp::serve
