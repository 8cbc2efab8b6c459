// openapi_document: the OpenAPI 3.0 document served at /v1/openapi.json, generated from the
// gateway's route table (the Api's endpoints and the gateway's own), so every served route is in
// it and nothing else is. Each Endpoint contributes its summary and its operation members.
#pragma once

#include <string>
#include <vector>

#include "serve/api/api.h"

namespace sp::serve::api {

std::string openapi_document(const std::vector<Endpoint>& endpoints);

}  // namespace sp::serve::api
