#include "serve/http/router.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sp::serve::http
