// End-to-end: bad proxy settings given to the orchard binary are usage errors (exit 2) with a
// message naming the problem, found before any check runs, so nothing is written to -o. The
// catalog holds one row whose checks could only reach 127.0.0.1:9 (--resolver, --connect-to),
// so even a regression that let a bad setting through never leaves the machine.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "support/loopback_listener.h"
#include "support/orchard_run.h"
#include "support/temp_dir.h"

namespace orchard {
namespace {

constexpr const char* kProxyVariables[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                           "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};

struct BadInput {
  std::string name;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;  // set in the child, after every proxy variable is
                                           // cleared
  std::vector<std::string> message;        // each must appear in stderr
};

// ctest and gtest name a case by its name, not its bytes.
void PrintTo(const BadInput& input, std::ostream* os) { *os << input.name; }

testing::CatalogRow MakeRow() {
  testing::CatalogRow row;
  row.host = "valid.e2e.invalid";
  row.ports = {443};
  return row;
}

class CheckProxyInput : public ::testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override {
    std::ofstream(dir_ / "catalog.toml") << testing::CatalogToml({MakeRow()});
    std::ofstream(dir_ / "syntax-error.pac") << "function FindProxyForURL(url, host) {\n"
                                                "  if (host == \"a\" {\n"
                                                "    return \"DIRECT\";\n"
                                                "}\n";
    std::ofstream(dir_ / "good.pac")
        << "function FindProxyForURL(url, host) { return \"PROXY 127.0.0.1:9\"; }\n";
  }

  std::string Expand(const std::string& arg) const {
    std::string out = arg;
    const std::string token = "$DIR";
    if (auto at = out.find(token); at != std::string::npos) {
      out.replace(at, token.size(), dir_.string());
    }
    return out;
  }

  testing::TempDir temp_;
  const std::filesystem::path dir_ = temp_.path();
};

TEST_P(CheckProxyInput, IsAUsageErrorNamingTheProblemAndWritesNothing) {
  const BadInput& input = GetParam();
  const auto report = dir_ / "report.json";
  std::vector<std::string> args = {
      "check",      "--no-builtin", "--catalog",    (dir_ / "catalog.toml").string(),
      "--resolver", "127.0.0.1:9",  "--connect-to", "::127.0.0.1:9",
      "--timeout",  "0.5",          "--format",     "json",
      "-o",         report.string()};
  for (const auto& a : input.args) args.push_back(Expand(a));
  const auto env = input.env;
  auto outcome = testing::RunBinary(ORCHARD_BINARY, args, dir_, [&env] {
    for (const char* name : kProxyVariables) unsetenv(name);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    return true;
  });
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  for (const auto& words : input.message) {
    EXPECT_NE(outcome.err.find(Expand(words)), std::string::npos)
        << "stderr lacks \"" << Expand(words) << "\": " << outcome.err;
  }
  EXPECT_FALSE(std::filesystem::exists(report)) << "a usage error still wrote -o";
  EXPECT_TRUE(outcome.out.empty()) << outcome.out;
}

INSTANTIATE_TEST_SUITE_P(
    BadProxySettings, CheckProxyInput,
    ::testing::Values(
        BadInput{"UnknownScheme",
                 {"--proxy", "ftp://127.0.0.1:3128"},
                 {},
                 {"--proxy", "ftp://127.0.0.1:3128", "unknown scheme \"ftp\""}},
        BadInput{"PortOutOfRange",
                 {"--proxy", "http://127.0.0.1:99999"},
                 {},
                 {"--proxy", "http://127.0.0.1:99999", "port out of range"}},
        BadInput{"HttpsProxy",
                 {"--proxy", "https://127.0.0.1:3128"},
                 {},
                 {"--proxy", "https proxies are not supported"}},
        BadInput{"MissingPacFile",
                 {"--pac", "/nonexistent/proxy.pac"},
                 {},
                 {"--pac", "/nonexistent/proxy.pac", "No such file"}},
        BadInput{"PacSyntaxError",
                 {"--pac", "$DIR/syntax-error.pac"},
                 {},
                 {"$DIR/syntax-error.pac:", "SyntaxError"}},
        BadInput{"ProxyAndPacTogether",
                 {"--proxy", "http://127.0.0.1:9", "--pac", "$DIR/good.pac"},
                 {},
                 {"--proxy excludes --pac"}},
        BadInput{"NoProxyAndProxyTogether",
                 {"--no-proxy", "--proxy", "http://127.0.0.1:9"},
                 {},
                 {"excludes --no-proxy"}},
        BadInput{"BadEnvironmentProxy",
                 {},
                 {{"HTTPS_PROXY", "ftp://127.0.0.1:3128"}},
                 {"HTTPS_PROXY", "unknown scheme \"ftp\""}},
        BadInput{"CompareRoutesWithoutAProxy",
                 {"--compare-routes"},
                 {},
                 {"--compare-routes", "no proxy is configured"}},
        // --no-proxy wins over the environment, so there is nothing to compare either.
        BadInput{"CompareRoutesWithNoProxy",
                 {"--compare-routes", "--no-proxy"},
                 {{"HTTPS_PROXY", "http://127.0.0.1:9"}},
                 {"--compare-routes", "no proxy is configured"}}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

// A PAC file spends from the run's --deadline, and one URL it cannot answer fails alone.
class PacBudget : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_ / "catalog.toml") << testing::CatalogToml({MakeRow()});
  }

  testing::BinaryOutcome Check(std::vector<std::string> extra) {
    std::vector<std::string> args = {"check",        "--no-builtin",
                                     "--catalog",    (dir_ / "catalog.toml").string(),
                                     "--resolver",   "127.0.0.1:9",
                                     "--connect-to", "::127.0.0.1:9",
                                     "--timeout",    "0.5",
                                     "--format",     "json",
                                     "-o",           (dir_ / "report.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::RunBinary(ORCHARD_BINARY, args, dir_, [] {
      for (const char* name : kProxyVariables) unsetenv(name);
      return true;
    });
  }
  std::string Report() {
    std::ifstream in(dir_ / "report.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  testing::TempDir temp_;
  const std::filesystem::path dir_ = temp_.path();
};

TEST_F(PacBudget, EndlessTopLevelCodeStopsAtTheRunsDeadline) {
  std::ofstream(dir_ / "loop.pac")
      << "for (;;) {}\nfunction FindProxyForURL(url, host) { return \"DIRECT\"; }\n";
  auto outcome = Check({"--pac", (dir_ / "loop.pac").string(), "--deadline", "1"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("before the run's deadline"), std::string::npos) << outcome.err;
  // The load budget alone is 3 s: stopping well before it is the deadline's doing.
  EXPECT_LT(outcome.took, std::chrono::milliseconds(2500));
}

TEST_F(PacBudget, SilentPacServerStopsAtTheRunsDeadline) {
  const testing::LoopbackListener silent;  // connections complete in the backlog; none answered
  auto outcome = Check({"--pac", silent.HttpUrl("/proxy.pac"), "--deadline", "1"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find("--pac"), std::string::npos) << outcome.err;
  // The fetch timeout alone is 5 s.
  EXPECT_LT(outcome.took, std::chrono::milliseconds(2500));
}

TEST_F(PacBudget, AUrlThePacCannotAnswerGoesDirectWithANoteOnItsRow) {
  // 30 ms a call is slow but fine; only the checked host loops for ever.
  std::ofstream(dir_ / "hang.pac") << "function FindProxyForURL(url, host) {\n"
                                      "  var end = Date.now() + 30; while (Date.now() < end) {}\n"
                                      "  if (host == \"valid.e2e.invalid\") { for (;;) {} }\n"
                                      "  return \"PROXY 127.0.0.1:9\";\n"
                                      "}\n";
  auto outcome = Check({"--pac", (dir_ / "hang.pac").string()});
  EXPECT_EQ(outcome.exit_code, 1) << outcome.err;
  const std::string report = Report();
  EXPECT_NE(report.find("did not answer within 1000 ms; went DIRECT as macOS does"),
            std::string::npos)
      << report;
}

}  // namespace
}  // namespace orchard
