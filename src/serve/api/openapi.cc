#include "serve/api/openapi.h"

#include <map>

#include "serve/api/json_out.h"

namespace sp::serve::api {

std::string openapi_document(const std::vector<Endpoint>& endpoints) {
  // Group operations by path, keeping the order routes were added in.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Endpoint*>> by_path;
  for (const Endpoint& e : endpoints) {
    if (!by_path.count(e.pattern)) order.push_back(e.pattern);
    by_path[e.pattern].push_back(&e);
  }
  std::string s;
  s +=
      R"({"openapi":"3.0.3","info":{"title":"StockPulse API","version":"1",)"
      R"("description":"Quotes, order books, bars, indicators and risk from the StockPulse market data plane. )"
      R"(Errors are {\"error\":{\"code\",\"message\"}}. WebSocket streaming: /v1/stream (subscribe to )"
      R"(quotes:SYM, trades:SYM, bars:1m:SYM)."},"paths":{)";
  bool first_path = true;
  for (const std::string& path : order) {
    if (!first_path) s += ',';
    first_path = false;
    append_json_string(s, path);
    s += ":{";
    bool first_op = true;
    for (const Endpoint* e : by_path[path]) {
      if (!first_op) s += ',';
      first_op = false;
      std::string method = e->method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      append_json_string(s, method);
      s += ":{\"summary\":";
      append_json_string(s, e->summary);
      s += ',';
      s += e->openapi.empty() ? R"("responses":{"200":{"description":"OK"}})" : e->openapi;
      s += '}';
    }
    s += '}';
  }
  s += "}}";
  return s;
}

}  // namespace sp::serve::api
