// append_json_string: escapes, UTF-8 passed through, invalid bytes replaced, and every byte value
// gives a literal that an independent JSON parser (nlohmann/json) reads back.
#include "core/json_string.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace sp::core {
namespace {

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json_string("a\"b\\c\nd\te\x01\x1f\x7f/\r\b\f"),
            "\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\x7f/\\r\\b\\f\"");
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string(std::string_view("a\0b", 3)), "\"a\\u0000b\"");
}

TEST(JsonString, AppendsToWhatIsThere) {
  std::string out = "{\"k\":";
  append_json_string(out, "v");
  EXPECT_EQ(out, "{\"k\":\"v\"");
}

TEST(JsonString, ValidUtf8PassesThrough) {
  const std::string s = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x88";  // é € 📈
  EXPECT_EQ(json_string(s), "\"" + s + "\"");
}

TEST(JsonString, InvalidUtf8BecomesReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(json_string("bad\xFFx"), "\"bad" + fffd + "x\"");                // stray byte
  EXPECT_EQ(json_string("x\xC3"), "\"x" + fffd + "\"");                      // cut short
  EXPECT_EQ(json_string("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(json_string("\xC0\xAF"), "\"" + fffd + fffd + "\"");             // overlong '/'
  EXPECT_EQ(json_string("\xF4\x90\x80\x80"),
            "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
}

TEST(JsonString, EveryByteValueParsesBack) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const std::string lit = json_string(all);
  nlohmann::json parsed;
  ASSERT_NO_THROW(parsed = nlohmann::json::parse(lit));
  const std::string back = parsed.get<std::string>();
  EXPECT_EQ(back.substr(0, 128), all.substr(0, 128));  // ASCII comes back as itself
  // Each of the 128 high bytes alone is not valid UTF-8: one U+FFFD each.
  std::string want;
  for (int i = 0; i < 128; ++i) want += "\xEF\xBF\xBD";
  EXPECT_EQ(back.substr(128), want);
}

}  // namespace
}  // namespace sp::core
