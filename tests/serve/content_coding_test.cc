#include "serve/filters/content_coding.h"

#include <gtest/gtest.h>

#include <random>

namespace sp::serve {
namespace {

TEST(Negotiate, PicksTheHighestQThenOurPreference) {
  EXPECT_EQ(negotiate(""), Coding::kIdentity);
  EXPECT_EQ(negotiate("gzip"), Coding::kGzip);
  EXPECT_EQ(negotiate("gzip, deflate, br"), Coding::kBrotli);  // tie: br first
  EXPECT_EQ(negotiate("gzip, deflate, br, zstd"), Coding::kBrotli);
  EXPECT_EQ(negotiate("gzip, zstd"), Coding::kZstd);
  EXPECT_EQ(negotiate("br;q=0.5, gzip;q=0.8"), Coding::kGzip);
  EXPECT_EQ(negotiate("GZIP;Q=0.3"), Coding::kGzip);  // tokens and q are case-insensitive
  EXPECT_EQ(negotiate("br;q=0, gzip;q=0"), Coding::kIdentity);
  EXPECT_EQ(negotiate("*"), Coding::kBrotli);
  EXPECT_EQ(negotiate("*;q=0.5, br;q=0"), Coding::kZstd);
  EXPECT_EQ(negotiate("identity;q=1, gzip;q=0.5"), Coding::kIdentity);
  EXPECT_EQ(negotiate("deflate, compress"), Coding::kIdentity);  // nothing we offer
}

TEST(Negotiate, MalformedElementsAreIgnored) {
  EXPECT_EQ(negotiate("br;q=2, gzip"), Coding::kGzip);  // q above 1
  EXPECT_EQ(negotiate("br;q=abc, gzip;q=0.1"), Coding::kGzip);
  EXPECT_EQ(negotiate("br;level=3, zstd"), Coding::kZstd);  // unknown parameter
  EXPECT_EQ(negotiate(",,, ;q=1, gzip ;  q=0.9 "), Coding::kGzip);
  EXPECT_EQ(negotiate("br;q=0.1234"), Coding::kIdentity);  // more than three decimals
}

std::string json_like(std::size_t n) {
  std::string s = "[";
  std::mt19937 rng(7);
  while (s.size() < n)
    s += "{\"t\":\"2026-11-24T09:3" + std::to_string(rng() % 10) +
         ":00Z\",\"c\":" + std::to_string(100 + rng() % 50) + "." + std::to_string(rng() % 100) +
         "},";
  s.back() = ']';
  return s;
}

TEST(Encode, EveryCodingRoundTripsAndShrinksJson) {
  const std::string body = json_like(4096);
  for (Coding c : {Coding::kBrotli, Coding::kZstd, Coding::kGzip}) {
    auto z = encode(c, body);
    ASSERT_TRUE(z) << coding_name(c);
    EXPECT_LT(z->size(), body.size() / 2) << coding_name(c);
    auto back = decode(c, *z);
    ASSERT_TRUE(back) << coding_name(c);
    EXPECT_EQ(*back, body);
  }
  // gzip output is a gzip container (magic 1f 8b), as the token says.
  auto g = encode(Coding::kGzip, body);
  EXPECT_EQ(static_cast<unsigned char>((*g)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*g)[1]), 0x8b);
}

TEST(Encode, TinyAndIncompressibleBodiesAreLeftAlone) {
  EXPECT_FALSE(encode(Coding::kGzip, "{\"ok\":true}"));
  std::string noise(8192, '\0');
  std::mt19937 rng(1);
  for (char& c : noise) c = static_cast<char>(rng());
  for (Coding c : {Coding::kBrotli, Coding::kZstd, Coding::kGzip})
    EXPECT_FALSE(encode(c, noise)) << coding_name(c);
  EXPECT_FALSE(encode(Coding::kIdentity, json_like(4096)));
}

TEST(Decode, CorruptInputIsRejected) {
  const std::string body = json_like(2048);
  for (Coding c : {Coding::kBrotli, Coding::kZstd, Coding::kGzip}) {
    auto z = *encode(c, body);
    EXPECT_FALSE(decode(c, z.substr(0, z.size() / 2))) << coding_name(c) << " truncated";
    EXPECT_FALSE(decode(c, "not compressed at all")) << coding_name(c);
  }
}

}  // namespace
}  // namespace sp::serve
