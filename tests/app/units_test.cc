// Unit tests of the command line's building blocks: the argument parser, the buffered writer and
// the JSON writer. They live in the `stockpulse` executable, not in a library, so their sources are
// compiled into this test directly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "app/args.cc"
#include "app/cli_run.h"
#include "app/json_writer.cc"
#include "app/output.cc"

namespace sp::app {
namespace {

using sp::testing::Json;
using sp::testing::JsonParser;

Args make() {
  Args a("demo");
  a.option("input", Args::kRepeatable).option("format").flag("list").positionals(1);
  return a;
}

TEST(Args, AcceptsBothValueFormsFlagsAndPositionals) {
  Args a = make();
  ASSERT_TRUE(a.parse({"--input", "a.csv", "--input=b.csv", "--format=json", "--list", "pos"}))
      << a.error();
  EXPECT_EQ(a.all("input"), (std::vector<std::string>{"a.csv", "b.csv"}));
  EXPECT_EQ(a.get("input"), "b.csv");
  EXPECT_EQ(a.get("format"), "json");
  EXPECT_TRUE(a.has("list"));
  EXPECT_FALSE(a.help());
  EXPECT_EQ(a.positional(), std::vector<std::string>{"pos"});
  EXPECT_FALSE(a.get("nothing").has_value());
}

TEST(Args, ValuesMayLookOdd) {
  Args a = make();
  ASSERT_TRUE(a.parse({"--input", "-", "--format", "-1", "--input=", "--input=a=b"})) << a.error();
  EXPECT_EQ(a.all("input"), (std::vector<std::string>{"-", "", "a=b"}));
  EXPECT_EQ(a.get("format"), "-1");
  Args b = make();
  ASSERT_TRUE(b.parse({"--", "--list"})) << b.error();
  EXPECT_EQ(b.positional(), std::vector<std::string>{"--list"});
  EXPECT_FALSE(b.has("list"));
  Args c = make();
  ASSERT_TRUE(c.parse({"-"}));
  EXPECT_EQ(c.positional(), std::vector<std::string>{"-"});
}

TEST(Args, Help) {
  Args a = make();
  ASSERT_TRUE(a.parse({"--input", "x", "-h"}));
  EXPECT_TRUE(a.help());
  Args b = make();
  ASSERT_TRUE(b.parse({"--help"}));
  EXPECT_TRUE(b.help());
}

TEST(Args, Errors) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--nope"}, "unknown option '--nope'"},
      {{"--nope=1"}, "unknown option '--nope'"},
      {{"-n"}, "unknown option '-n' (options are spelled --name)"},
      {{"--input"}, "--input needs a value"},
      {{"--input", "--list"}, "--input needs a value"},
      {{"--list=1"}, "--list is a flag and takes no value"},
      {{"--list", "--list"}, "--list is given twice"},
      {{"--format", "a", "--format", "b"}, "--format is given twice (it takes one value)"},
      {{"a", "b"}, "too many arguments: 'b'"},
  };
  for (const auto& [argv, want] : cases) {
    Args a = make();
    EXPECT_FALSE(a.parse(argv));
    EXPECT_EQ(a.error(), want);
  }
  Args none("x");
  EXPECT_FALSE(none.parse({"stray"}));
  EXPECT_EQ(none.error(), "unexpected argument 'stray' (options start with --)");
}

TEST(Args, TypedValues) {
  double d = 0;
  EXPECT_EQ(parse_double("confidence", "0.99", &d), "");
  EXPECT_EQ(d, 0.99);
  EXPECT_EQ(parse_double("confidence", "+1e-3", &d), "");
  EXPECT_EQ(d, 1e-3);
  EXPECT_EQ(parse_double("confidence", "0.9x", &d), "--confidence '0.9x' is not a number");
  EXPECT_EQ(parse_double("confidence", "", &d), "--confidence '' is not a number");
  EXPECT_EQ(parse_double("confidence", "inf", &d), "--confidence 'inf' is not a number");
  EXPECT_EQ(parse_double("confidence", " 1", &d), "--confidence ' 1' is not a number");
  std::int64_t i = 0;
  EXPECT_EQ(parse_int("horizon", "10", 1, 100, &i), "");
  EXPECT_EQ(i, 10);
  EXPECT_EQ(parse_int("horizon", "+7", 1, 100, &i), "");
  EXPECT_EQ(i, 7);
  EXPECT_EQ(parse_int("horizon", "0", 1, 100, &i), "--horizon 0 is out of range [1, 100]");
  EXPECT_EQ(parse_int("horizon", "101", 1, 100, &i), "--horizon 101 is out of range [1, 100]");
  EXPECT_EQ(parse_int("horizon", "1e3", 1, 100, &i), "--horizon '1e3' is not a whole number");
  EXPECT_EQ(parse_int("horizon", "99999999999999999999", 1, 100, &i),
            "--horizon 99999999999999999999 is out of range [1, 100]");
  std::uint64_t u = 0;
  EXPECT_EQ(parse_uint64("seed", "18446744073709551615", &u), "");
  EXPECT_EQ(u, std::numeric_limits<std::uint64_t>::max());
  EXPECT_NE(parse_uint64("seed", "18446744073709551616", &u), "");
  EXPECT_NE(parse_uint64("seed", "-1", &u), "");
  std::vector<double> v;
  EXPECT_EQ(parse_double_list("weights", "0.5,-0.25,1e-1", &v), "");
  EXPECT_EQ(v, (std::vector<double>{0.5, -0.25, 0.1}));
  EXPECT_EQ(parse_double_list("weights", "0.5,,1", &v),
            "--weights '0.5,,1': item 2 '' is not a number");
  EXPECT_EQ(parse_double_list("weights", "0.5,", &v),
            "--weights '0.5,': item 2 '' is not a number");
  std::string s;
  EXPECT_EQ(parse_choice("format", "json", {"csv", "json"}, &s), "");
  EXPECT_EQ(s, "json");
  EXPECT_EQ(parse_choice("format", "JSON", {"csv", "json"}, &s),
            "--format 'JSON' is not one of csv, json");
}

// Everything written through a small buffer reaches the file intact and in order.
std::string written(const std::function<void(BufferedWriter&)>& body, std::size_t capacity) {
  std::FILE* f = std::tmpfile();
  {
    BufferedWriter w(f, capacity);
    body(w);
    EXPECT_TRUE(w.flush());
  }
  std::string out;
  std::rewind(f);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

TEST(BufferedWriter, ChunksOfEverySize) {
  std::string want;
  const std::string out = written(
      [&](BufferedWriter& w) {
        for (int i = 0; i < 500; ++i) {
          const std::string piece(static_cast<std::size_t>(i % 150),
                                  static_cast<char>('a' + i % 26));
          w.write(piece);
          want += piece;
          w.put('\n');
          want += '\n';
          w.integer(-i);
          want += std::to_string(-i);
        }
      },
      64);
  EXPECT_EQ(out, want);
}

TEST(BufferedWriter, NumbersRoundTripBitExactly) {
  std::mt19937_64 rng(12345);
  std::vector<double> values = {0.0,     -0.0,       1.0,    0.1,
                                1.0 / 3, 1e-300,     5e-324, 1.7976931348623157e308,
                                100000,  123456.789, -2.5e-8};
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) values.push_back(d);
    values.push_back(std::ldexp(static_cast<double>(rng() >> 11), -40));
  }
  const std::string out = written(
      [&](BufferedWriter& w) {
        for (double v : values) {
          w.number(v);
          w.put('\n');
        }
      },
      256);
  const auto lines = sp::testing::split_lines(out);
  ASSERT_EQ(lines.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_TRUE(sp::testing::same_double(sp::testing::parse_field(lines[i]), values[i]))
        << lines[i];
    ASSERT_LE(lines[i].size(), 24u);
  }
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(100000), "1e+05");  // shortest, as specified; it reads back exactly
  EXPECT_EQ(format_number(123456), "123456");
  EXPECT_EQ(format_number(1e21), "1e+21");
  EXPECT_EQ(format_number(std::nan("")), "nan");
}

TEST(BufferedWriter, ReportsWriteErrors) {
  std::FILE* f = std::fopen("/dev/full", "w");
  if (!f) GTEST_SKIP() << "no /dev/full";
  BufferedWriter w(f, 64);
  for (int i = 0; i < 1000; ++i) w.write("0123456789");
  EXPECT_FALSE(w.flush());
  EXPECT_EQ(w.error(), "write failed (No space left on device)");
  std::fclose(f);
}

std::string json_of(const std::function<void(JsonWriter&)>& body, JsonWriter::Style style) {
  return written(
      [&](BufferedWriter& w) {
        JsonWriter j(w, style);
        body(j);
      },
      4096);
}

TEST(JsonWriter, StructureInBothStyles) {
  for (auto style : {JsonWriter::kCompact, JsonWriter::kPretty}) {
    const std::string out = json_of(
        [](JsonWriter& j) {
          j.begin_object();
          j.key("a");
          j.numbers({1.5, std::nan(""), std::numeric_limits<double>::infinity(), -0.25});
          j.key("empty_object");
          j.begin_object();
          j.end_object();
          j.key("empty_array");
          j.begin_array();
          j.end_array();
          j.key("rows");
          j.begin_array();
          j.begin_array();
          j.integer(1);
          j.unsigned_integer(18446744073709551615ull);
          j.end_array();
          j.begin_object();
          j.key("k\"ey");
          j.string("v");
          j.key("t");
          j.boolean(true);
          j.key("n");
          j.null();
          j.end_object();
          j.end_array();
          j.end_object();
        },
        style);
    Json v;
    ASSERT_NO_THROW(v = JsonParser::parse(out)) << out;
    EXPECT_EQ(v["a"][0].num(), 1.5);
    EXPECT_TRUE(v["a"][1].is_null());
    EXPECT_TRUE(v["a"][2].is_null());
    EXPECT_EQ(v["a"][3].num(), -0.25);
    EXPECT_TRUE(v["empty_object"].object.empty());
    EXPECT_TRUE(v["empty_array"].array.empty());
    EXPECT_EQ(v["rows"][0][0].num(), 1);
    EXPECT_EQ(v["rows"][1]["k\"ey"].string, "v");
    EXPECT_TRUE(v["rows"][1]["t"].boolean);
    EXPECT_TRUE(v["rows"][1]["n"].is_null());
    if (style == JsonWriter::kCompact) {
      EXPECT_EQ(out,
                "{\"a\":[1.5,null,null,-0.25],\"empty_object\":{},\"empty_array\":[],\"rows\":[[1,"
                "18446744073709551615],{\"k\\\"ey\":\"v\",\"t\":true,\"n\":null}]}");
    } else {
      EXPECT_EQ(
          out,
          "{\n  \"a\": [1.5, null, null, -0.25],\n  \"empty_object\": {},\n  \"empty_array\": [],\n"
          "  \"rows\": [\n    [1, 18446744073709551615],\n    {\n      \"k\\\"ey\": \"v\",\n"
          "      \"t\": true,\n      \"n\": null\n    }\n  ]\n}\n");
    }
  }
}

}  // namespace
}  // namespace sp::app
