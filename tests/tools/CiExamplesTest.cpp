// The examples of tools/provcheck/CI.md, taken from the file and run on the demo
// repository: the GitLab job's script, the GitHub Actions step, and the patchwork job
// against a local stand-in for patchwork's REST API. What they write is checked against
// what GitLab, GitHub code scanning and patchwork accept.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace provcheck::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

// The fenced block of CI.md whose first line is `firstLine`.
std::string block(const std::string &firstLine) {
  std::string doc = readFile(fs::path(PROVCHECK_SOURCE_DIR) / "tools/provcheck/CI.md");
  size_t at = doc.find("\n" + firstLine + "\n");
  if (at == std::string::npos) return "";
  size_t end = doc.find("\n```", at);
  return doc.substr(at + 1, end - at);
}

// The commands of a YAML block: the items under `script:` (GitLab), or `run:` values.
std::vector<std::string> commands(const std::string &yaml) {
  std::vector<std::string> out;
  std::istringstream in(yaml);
  bool script = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "  script:") {
      script = true;
      continue;
    }
    if (script && line.rfind("    - ", 0) == 0) {
      out.push_back(line.substr(6));
      continue;
    }
    script = false;
    size_t run = line.find("run: ");
    if (run != std::string::npos && line.find_first_not_of(' ') == run)
      out.push_back(line.substr(run + 5));
  }
  return out;
}

class CiExamples : public ::testing::Test {
protected:
  void SetUp() override {
    demo_ = (dir_.path() / "demo").string();
    makeDemo(demo_);
    base_ = runShell("git -C " + shellWord(demo_) + " rev-parse upstream").out;
    base_.erase(base_.find_last_not_of('\n') + 1);
    path_ = fs::path(provcheckBinary()).parent_path().string() + ":" + std::getenv("PATH");
  }
  // Runs a documented command in the demo, as the CI job would (bash, provcheck on PATH).
  CommandResult run(const std::string &command, const std::string &env = "") {
    return runShell("cd " + shellWord(demo_) + " && env PATH=" + shellWord(path_) + " " + env +
                    " bash -euo pipefail -c " + shellWord(command));
  }
  TempDir dir_;
  std::string demo_, base_, path_;
};

// What GitHub code scanning and other SARIF readers need of every result.
void expectUploadableSarif(const std::string &text) {
  EXPECT_LE(text.size(), size_t(10 * 1000 * 1000));
  json sarif = json::parse(text);
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const json &run = sarif["runs"][0];
  EXPECT_LE(run["results"].size(), 25000u);
  EXPECT_GT(run["results"].size(), 0u);
  for (const json &r : run["results"]) {
    EXPECT_TRUE(r["message"]["text"].is_string());
    const json &loc = r["locations"][0]["physicalLocation"];
    std::string uri = loc["artifactLocation"]["uri"];
    EXPECT_FALSE(uri.empty());
    EXPECT_NE(uri[0], '/') << uri; // relative to the checkout
    EXPECT_GE(loc["region"]["startLine"].get<int>(), 1);
  }
}

TEST_F(CiExamples, GitLabJob) {
  std::string yaml = block("# .gitlab-ci.yml");
  std::vector<std::string> script = commands(yaml);
  ASSERT_EQ(script.size(), 3u) << yaml;
  for (const std::string &c : script) {
    CommandResult r = run(c, "CI_MERGE_REQUEST_DIFF_BASE_SHA=" + base_);
    EXPECT_EQ(r.exitCode, 0) << c << "\n" << r.err;
  }
  json issues = json::parse(readFile(fs::path(demo_) / "gl-code-quality-report.json"));
  ASSERT_TRUE(issues.is_array());
  ASSERT_GT(issues.size(), 0u);
  bool critical = false;
  for (const json &i : issues) {
    for (const char *key : {"description", "check_name", "fingerprint", "severity"})
      EXPECT_TRUE(i[key].is_string()) << key << " in " << i.dump();
    EXPECT_TRUE(fs::exists(fs::path(demo_) / i["location"]["path"].get<std::string>()))
        << i.dump();
    EXPECT_GE(i["location"]["lines"]["begin"].get<int>(), 1);
    critical |= i["severity"] == "critical";
  }
  EXPECT_TRUE(critical) << "the demo's violation is a critical issue";
  EXPECT_THAT(yaml, HasSubstr("codequality: gl-code-quality-report.json"));
  expectUploadableSarif(readFile(fs::path(demo_) / "provcheck.sarif"));
}

TEST_F(CiExamples, GitHubActionsStep) {
  std::string yaml = block("# .github/workflows/provcheck.yml");
  EXPECT_THAT(yaml, HasSubstr("uses: github/codeql-action/upload-sarif@"));
  EXPECT_THAT(yaml, HasSubstr("sarif_file: provcheck.sarif"));
  std::vector<std::string> steps = commands(yaml);
  ASSERT_EQ(steps.size(), 1u) << yaml;
  std::string step = std::regex_replace(
      steps[0], std::regex("\\$\\{\\{ github.event.pull_request.base.sha \\}\\}"), base_);
  CommandResult r = run(step);
  ASSERT_EQ(r.exitCode, 0) << step << "\n" << r.err;
  expectUploadableSarif(readFile(fs::path(demo_) / "provcheck.sarif"));
}

// patchwork's REST API as far as the job uses it: patches by msgid, and checks posted
// with a token. Each check received is appended to the log as one JSON line.
const char *kFakePatchwork = R"PY(
import http.server, json, os, sys, urllib.parse
log, portfile = sys.argv[1], sys.argv[2]
ids = {}
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        msgid = urllib.parse.parse_qs(url.query).get('msgid', [''])[0]
        if url.path != '/api/patches/' or not msgid:
            return self.reply(404, {'detail': 'not found'})
        pid = ids.setdefault(msgid, len(ids) + 1)
        self.reply(200, [{'id': pid, 'msgid': '<' + msgid + '>'}])
    def do_POST(self):
        parts = self.path.strip('/').split('/')
        if len(parts) != 4 or parts[:2] != ['api', 'patches'] or parts[3] != 'checks':
            return self.reply(404, {'detail': 'not found'})
        if self.headers.get('Authorization') != 'Token secret':
            return self.reply(403, {'detail': 'no token'})
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        msgid = [m for m, i in ids.items() if i == int(parts[2])][0]
        with open(log, 'a') as f:
            f.write(json.dumps({'patch': int(parts[2]), 'msgid': msgid, 'check': body}) + '\n')
        self.reply(201, body)
server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
with open(portfile + '.tmp', 'w') as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + '.tmp', portfile)  # whole, or not there yet
server.serve_forever()
)PY";

TEST_F(CiExamples, PatchworkJob) {
  for (const char *tool : {"python3", "jq", "curl"})
    if (runCommand(std::string("command -v ") + tool).rc != 0)
      GTEST_SKIP() << tool << " is not installed";
  std::string job = block("# patchwork: check series.mbox and post one check per patch");
  ASSERT_FALSE(job.empty());
  // The series as a list would carry it: threaded, with Message-IDs.
  ASSERT_EQ(run("git format-patch -q --thread --stdout upstream..master > series.mbox").exitCode, 0);
  std::string log = dir_.str() + "/checks.log", portfile = dir_.str() + "/port";
  std::ofstream(dir_.path() / "patchwork.py") << kFakePatchwork;
  CommandResult started = runShell("python3 " + shellWord(dir_.str() + "/patchwork.py") + " " +
                                   shellWord(log) + " " + shellWord(portfile) +
                                   " >/dev/null 2>&1 & echo $!");
  std::string pid = started.out.substr(0, started.out.find('\n'));
  for (int i = 0; i < 1200 && !fs::exists(portfile); ++i) // up to a minute on a busy machine
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::string port = fs::exists(portfile) ? readFile(portfile) : "";
  CommandResult r;
  if (!port.empty())
    r = run(job, "PW=http://127.0.0.1:" + port + "/api PW_TOKEN=secret "
                 "CI_JOB_URL=https://ci.example.org/job/42");
  runShell("kill " + pid);
  ASSERT_FALSE(port.empty()) << "the stand-in for patchwork did not start";
  ASSERT_EQ(r.exitCode, 0) << r.err;

  std::vector<json> posted;
  std::istringstream in(readFile(log));
  for (std::string line; std::getline(in, line);) posted.push_back(json::parse(line));
  CommandResult count = run("grep -c '^Subject: \\[PATCH' series.mbox");
  ASSERT_EQ(posted.size(), size_t(std::stoi(count.out)));
  std::map<std::string, int> states;
  for (const json &p : posted) {
    const json &c = p["check"];
    EXPECT_EQ(c.size(), 4u) << c.dump();
    EXPECT_EQ(c["context"], "provcheck");
    EXPECT_EQ(c["target_url"], "https://ci.example.org/job/42");
    EXPECT_TRUE(c["description"].is_string());
    ++states[c["state"]];
  }
  EXPECT_GE(states["fail"], 1);
  EXPECT_GE(states["warning"], 1);
  EXPECT_GE(states["success"], 1);
  EXPECT_EQ(states["fail"] + states["warning"] + states["success"], int(posted.size()));
}

} // namespace
} // namespace provcheck::testing
