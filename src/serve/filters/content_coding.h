// Content codings for HTTP responses: choosing one from a request's Accept-Encoding (RFC 9110
// 12.5.3, q-values included) and encoding/decoding bodies with brotli, zstd and gzip.
//
//   Coding c = negotiate("gzip;q=0.5, br;q=1, *;q=0");  // -> Coding::kBrotli
//   std::optional<std::string> z = encode(Coding::kBrotli, body);
//
// Negotiation rules:
//  - Among the codings we offer (br, zstd, gzip), the one with the highest q wins; ties go to our
//    preference order br > zstd > gzip (smallest output for JSON first). An identity entry with a
//    higher q than all of them wins over them.
//  - `*` gives its q to every coding not named; q=0 (or a `*;q=0` not overridden) refuses.
//  - identity is acceptable unless refused explicitly (`identity;q=0`, or `*;q=0` without an
//    identity entry); a refusal of everything yields kIdentity anyway (the RFC lets a server send
//    identity or 406; a trading dashboard is better served by an answer than by an error).
//  - A malformed element (bad q) is ignored, not fatal: header text comes from any client.
// Encoding: returns nullopt when the coding would not pay — a body under kMinBytes, or output not
// at least 10% smaller — so the caller sends identity. Levels are chosen for pre-compressed, cached
// responses (compressed once, served many times): brotli 5, zstd 6, gzip 6.
// Thread safety: all functions are pure and reentrant.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sp::serve {

enum class Coding { kIdentity, kBrotli, kZstd, kGzip };
inline constexpr int kCodingCount = 4;

// The Content-Encoding token: "identity", "br", "zstd", "gzip".
std::string_view coding_name(Coding c);

Coding negotiate(std::string_view accept_encoding);

inline constexpr std::size_t kMinBytes = 256;

std::optional<std::string> encode(Coding c, std::string_view body);

// Decoding, for tests and for reading a compressed upstream; nullopt on corrupt input.
std::optional<std::string> decode(Coding c, std::string_view body);

}  // namespace sp::serve
