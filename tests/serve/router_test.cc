#include "serve/http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sp::serve::http {
namespace {

TEST(Router, MatchesLiteralsAndParameters) {
  Router r;
  const int symbols = r.add("GET", "/v1/symbols");
  const int quote = r.add("GET", "/v1/quote/{symbol}");
  const int risk = r.add("POST", "/v1/risk/portfolio");
  auto m = r.match("GET", "/v1/quote/AAPL");
  EXPECT_EQ(m.status, RouteMatch::kFound);
  EXPECT_EQ(m.route, quote);
  EXPECT_EQ(m.param("symbol"), "AAPL");
  EXPECT_EQ(m.param("other"), "");
  EXPECT_EQ(r.match("GET", "/v1/symbols").route, symbols);
  EXPECT_EQ(r.match("POST", "/v1/risk/portfolio").route, risk);
  EXPECT_EQ(r.match("HEAD", "/v1/symbols").route, symbols);  // HEAD rides on GET
  EXPECT_EQ(r.pattern(quote), "/v1/quote/{symbol}");
}

TEST(Router, NotFoundCases) {
  Router r;
  r.add("GET", "/v1/quote/{symbol}");
  EXPECT_EQ(r.match("GET", "/v1/quote").status, RouteMatch::kNotFound);
  EXPECT_EQ(r.match("GET", "/v1/quote/").status, RouteMatch::kNotFound);  // empty parameter
  EXPECT_EQ(r.match("GET", "/v1/quote/AAPL/x").status, RouteMatch::kNotFound);
  EXPECT_EQ(r.match("GET", "").status, RouteMatch::kNotFound);
  EXPECT_EQ(r.match("GET", "v1/quote/AAPL").status, RouteMatch::kNotFound);
}

TEST(Router, WrongMethodIs405WithAllow) {
  Router r;
  r.add("GET", "/v1/bars/{symbol}");
  r.add("POST", "/v1/risk/portfolio");
  auto m = r.match("DELETE", "/v1/bars/AAPL");
  EXPECT_EQ(m.status, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD");
  auto p = r.match("GET", "/v1/risk/portfolio");
  EXPECT_EQ(p.status, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(p.allow, "POST");
}

TEST(Router, LiteralBeatsParameterWhateverTheOrder) {
  Router r;
  const int any = r.add("GET", "/v1/bars/{symbol}");
  const int latest = r.add("GET", "/v1/bars/latest");
  EXPECT_EQ(r.match("GET", "/v1/bars/latest").route, latest);
  EXPECT_EQ(r.match("GET", "/v1/bars/MSFT").route, any);
  Router q;
  const int a = q.add("GET", "/{x}/b");
  const int b = q.add("GET", "/a/{y}");
  EXPECT_EQ(q.match("GET", "/a/b").route, b);  // the earlier literal weighs more
  EXPECT_EQ(q.match("GET", "/z/b").route, a);
}

TEST(Router, DepthIsBounded) {
  Router r;
  std::string deep;
  for (std::size_t i = 0; i < Router::kMaxSegments; ++i) deep += "/s";
  const int at_limit = r.add("GET", deep);
  EXPECT_EQ(r.match("GET", deep).route, at_limit);
  EXPECT_EQ(r.match("GET", deep + "/s").status,
            RouteMatch::kNotFound);  // deeper than any route: no match
  EXPECT_THROW(r.add("GET", deep + "/s"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "relative/path"), std::invalid_argument);
}

TEST(Router, ManyParametersAreAllKept) {
  Router r;
  r.add("GET", "/{a}/{b}/{c}/{d}/{e}/{f}");  // more than the inline capacity of four
  auto m = r.match("GET", "/1/2/3/4/5/6");
  ASSERT_EQ(m.status, RouteMatch::kFound);
  ASSERT_EQ(m.params.size(), 6u);
  EXPECT_EQ(m.param("a"), "1");
  EXPECT_EQ(m.param("f"), "6");
}

}  // namespace
}  // namespace sp::serve::http
