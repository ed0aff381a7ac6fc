#include "tools/provcheck/render/RequestJson.h"

#include "tools/provcheck/render/ReportJson.h"

#include <cstdio>
#include <ctime>

namespace provcheck::render {

using Json = nlohmann::ordered_json;

namespace {

// RFC 3339 in the request's own offset: "2026-01-01T10:00:00+01:00".
std::string rfc3339(int64_t t, int offsetMinutes) {
  time_t local = time_t(t + int64_t(offsetMinutes) * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  int off = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                offsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

Json people(const std::vector<Person> &v) {
  Json a = Json::array();
  for (const auto &p : v) a.push_back(reportPersonJson(p));
  return a;
}

} // namespace

Json requestJson(const std::vector<Request> &requests) {
  Json list = Json::array();
  for (const auto &r : requests) {
    Json patches = Json::array();
    for (const auto &p : r.patches) patches.push_back({{"id", p.id}, {"subject", p.subject}});
    Json files = Json::array();
    for (const auto &f : r.files) {
      Json reasons = Json::array();
      for (const auto &why : f.reasons)
        reasons.push_back({{"rule", why.rule}, {"clause", why.clause}, {"message", why.message}});
      files.push_back({{"path", f.path},
                       {"category", f.category},
                       {"added", f.added},
                       {"removed", f.removed},
                       {"entities", f.entities},
                       {"facts", f.facts},
                       {"reasons", reasons},
                       {"sections", f.sections}});
    }
    list.push_back({{"from", reportPersonJson(r.from)},
                    {"to", people(r.to)},
                    {"cc", people(r.cc)},
                    {"ccLists", r.ccLists},
                    {"subject", r.subject},
                    {"date", rfc3339(r.date, r.tzOffsetMinutes)},
                    {"messageId", r.messageId},
                    {"plannedSubject", r.plannedSubject},
                    {"patches", patches},
                    {"files", files},
                    {"sections", r.sections},
                    {"clauses", r.clauses},
                    {"aiUsedFor", r.aiUsedFor},
                    {"body", r.body}});
  }
  return Json{{"schema", "provcheck-request/1"}, {"requests", list}};
}

std::string requestJsonText(const std::vector<Request> &requests) {
  return requestJson(requests).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace provcheck::render
