// Pre-approval requests as JSON (schema "provcheck-request/1", in REPORTS.md), for tools
// such as a merge-request bot: the same data as the mails, body included.
#pragma once

#include "tools/provcheck/Request.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace provcheck::render {

nlohmann::ordered_json requestJson(const std::vector<Request> &requests);
std::string requestJsonText(const std::vector<Request> &requests);

} // namespace provcheck::render
