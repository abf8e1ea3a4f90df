// End-to-end: the orchard binary against loopback servers, a hand-built DNS server (--resolver)
// and --connect-to. Nothing here leaves 127.0.0.0/8.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "results/json_codec.h"
#include "support/check_fixture.h"
#include "support/loopback_servers.h"
#include "support/orchard_run.h"

namespace orchard {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;
using testing::DnsBehaviour;
using testing::FakeDnsServer;

using Outcome = testing::BinaryOutcome;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CheckE2e : public testing::CheckFixture {
 protected:
  CheckE2e()
      : CheckFixture({
            {"open.lab.test", {DnsBehaviour::kAnswer, {"edge.cdn.test"}, {"127.0.0.2"}, {}}},
            {"closed.lab.test", {DnsBehaviour::kAnswer, {}, {"127.0.0.2"}, {}}},
            {"filtered.lab.test", {DnsBehaviour::kAnswer, {}, {"127.0.0.3"}, {}}},
            {"nx.lab.test", {DnsBehaviour::kNxdomain, {}, {}, {}}},
            {"servfail.lab.test", {DnsBehaviour::kServfail, {}, {}, {}}},
            {"refused.lab.test", {DnsBehaviour::kRefused, {}, {}, {}}},
            {"nodata.lab.test", {DnsBehaviour::kNodata, {}, {}, {}}},
            {"sinkhole.lab.test", {DnsBehaviour::kAnswer, {}, {"0.0.0.0"}, {}}},
            {"silent.lab.test", {DnsBehaviour::kSilent, {}, {}, {}}},
            {"silent2.lab.test", {DnsBehaviour::kSilent, {}, {}, {}}},
            {"silent3.lab.test", {DnsBehaviour::kSilent, {}, {}, {}}},
        }) {}

  // Runs orchard with `args`; stdout and stderr are files, so neither is a terminal.
  Outcome Run(std::vector<std::string> args) {
    return testing::RunBinary(ORCHARD_BINARY, std::move(args), dir_);
  }

  // A catalog of rows "lab/<host>" on the given ports, then `extra` (TOML).
  std::string Catalog(const std::vector<std::pair<std::string, uint16_t>>& rows,
                      const std::string& extra = "") {
    std::vector<testing::CatalogRow> catalog_rows;
    for (const auto& [host, port] : rows) {
      catalog_rows.emplace_back();
      catalog_rows.back().host = host;
      catalog_rows.back().ports = {port};
    }
    const auto path = dir_ / "catalog.toml";
    std::ofstream(path) << testing::CatalogToml(catalog_rows) << extra;
    return path.string();
  }

  std::vector<std::string> Args(const std::string& catalog, std::vector<std::string> more) {
    std::vector<std::string> args = {"check", "--no-builtin", "--catalog",
                                     catalog, "--resolver",   dns_.address()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  asio::io_context io_;
  // Answers for 127.0.0.2: 127.0.0.1 would (rightly) be a sinkhole.
  tcp::acceptor open_{io_, {asio::ip::make_address("127.0.0.2"), 0}};
  uint16_t open_port_ = open_.local_endpoint().port();
  // A listener whose accept queue is full drops SYNs silently, like a filtering firewall.
  testing::FullBacklog full_{"127.0.0.3"};
};

TEST_F(CheckE2e, EveryDnsAndTcpReasonInJson) {
  const uint16_t filtered_port = full_.port();
  std::string catalog = Catalog({{"open.lab.test", open_port_},
                                 {"closed.lab.test", testing::ClosedPort("127.0.0.2")},
                                 {"filtered.lab.test", filtered_port},
                                 {"nx.lab.test", 7000},
                                 {"servfail.lab.test", 7000},
                                 {"refused.lab.test", 7000},
                                 {"nodata.lab.test", 7000},
                                 {"sinkhole.lab.test", 7000},
                                 {"silent.lab.test", 7000}});
  Outcome o = Run(Args(catalog, {"--format", "json", "--timeout", "1", "-4"}));
  EXPECT_EQ(o.exit_code, 1) << o.err;
  auto doc = Decode(o);
  ASSERT_EQ(doc.results.size(), 9u);
  auto by = ByHost(doc);
  EXPECT_EQ(by["open.lab.test"].status, probe::Status::kPass) << by["open.lab.test"].detail;
  EXPECT_EQ(by["open.lab.test"].cname_chain,
            (std::vector<std::string>{"open.lab.test", "edge.cdn.test"}));
  ASSERT_EQ(by["open.lab.test"].addresses.size(), 1u);
  EXPECT_EQ(by["open.lab.test"].addresses[0].outcome, "open");
  EXPECT_TRUE(by["open.lab.test"].timings.dns.has_value());
  EXPECT_TRUE(by["open.lab.test"].timings.connect.has_value());
  EXPECT_EQ(by["open.lab.test"].route.kind, "direct");
  const std::map<std::string, probe::Reason> expected = {
      {"closed.lab.test", probe::Reason::kTcpRefused},
      {"filtered.lab.test", probe::Reason::kTcpTimeout},
      {"nx.lab.test", probe::Reason::kDnsNxdomain},
      {"servfail.lab.test", probe::Reason::kDnsServfail},
      {"refused.lab.test", probe::Reason::kDnsRefused},
      {"nodata.lab.test", probe::Reason::kDnsNodata},
      {"sinkhole.lab.test", probe::Reason::kDnsSinkhole},
      {"silent.lab.test", probe::Reason::kDnsTimeout},
  };
  for (const auto& [host, reason] : expected) {
    EXPECT_EQ(by[host].status, probe::Status::kFail) << host;
    EXPECT_EQ(by[host].reason, reason) << host << ": " << by[host].detail;
    EXPECT_FALSE(by[host].detail.empty()) << host;
  }
  EXPECT_EQ(doc.run.schema, "orchard/check-v1");
  EXPECT_EQ(doc.run.catalog_source, "e2e");
  // One wave: the run takes about one timeout, not one per failing row.
  EXPECT_LT(o.took, 4s);
}

// A Mac on a VPN: `scutil --dns` (replayed with --host-facts) has a supplemental resolver for
// corp.lab.test on utun3. Names in that domain are asked there, as macOS asks; the default
// resolver (here --resolver) knows nothing of them. The row names the resolver that answered.
TEST_F(CheckE2e, SplitDnsAsksThePerDomainResolverMacOsWouldAsk) {
  FakeDnsServer vpn_dns{{{"mdm.corp.lab.test", {DnsBehaviour::kAnswer, {}, {"127.0.0.4"}, {}}}}};
  const auto facts = dir_ / "facts";
  std::filesystem::create_directories(facts);
  std::ofstream(facts / "platform") << "macos\n";
  std::ofstream(facts / "scutil--dns.txt")
      << "DNS configuration\n\nresolver #1\n  nameserver[0] : 127.0.0.1\n"
         "  flags    : Request A records\n  reach    : 0x00000002 (Reachable)\n\n"
         "resolver #2\n  domain   : corp.lab.test\n  nameserver[0] : 127.0.0.1\n"
         "  port     : "
      << vpn_dns.port()
      << "\n  if_index : 17 (utun3)\n  flags    : Supplemental, Request A records\n"
         "  reach    : 0x00000003 (Reachable,Transient Connection)\n  order    : 1\n";
  const std::string catalog =
      Catalog({{"mdm.corp.lab.test", open_port_}, {"open.lab.test", open_port_}});
  auto o =
      Run(Args(catalog, {"--host-facts", facts.string(), "--format", "json", "--timeout", "2"}));
  ASSERT_LE(o.exit_code, 1) << o.err;
  auto rows = ByHost(Decode(o));
  const probe::CheckResult& vpn = rows["mdm.corp.lab.test"];
  EXPECT_EQ(vpn.resolved, std::vector<std::string>{"127.0.0.4"}) << vpn.detail;
  EXPECT_EQ(vpn.resolver, "127.0.0.1 (corp.lab.test, utun3)");
  EXPECT_EQ(vpn_dns.queries() > 0, true);
  const probe::CheckResult& apple = rows["open.lab.test"];
  EXPECT_EQ(apple.resolved, std::vector<std::string>{"127.0.0.2"});
  EXPECT_EQ(apple.resolver, "");
  EXPECT_NE(o.out.find("\"resolver\""), std::string::npos);

  // Without the Mac's facts the same name is unknown: the default resolver never had it.
  auto plain = Run(Args(catalog, {"--format", "json", "--timeout", "2"}));
  EXPECT_EQ(ByHost(Decode(plain))["mdm.corp.lab.test"].reason, probe::Reason::kDnsNxdomain);
}

// The Mac's own state reaches the diagnoses: a replayed systemextensionsctl listing with an
// extension waiting for the user (santa's, as published) gives its finding through the binary.
TEST_F(CheckE2e, AWaitingSystemExtensionFromTheMacsFactsIsDiagnosed) {
  const auto facts = dir_ / "facts";
  std::filesystem::create_directories(facts);
  std::ofstream(facts / "platform") << "macos\n";
  std::filesystem::copy_file(std::filesystem::path(ORCHARD_SOURCE_DIR) /
                                 "src/host/testdata/systemextensionsctl/santa_waiting_for_user.txt",
                             facts / "systemextensionsctl-list.txt");
  const std::string catalog = Catalog({{"open.lab.test", open_port_}});
  auto with_facts =
      Decode(Run(Args(catalog, {"--host-facts", facts.string(), "--format", "json"})));
  ASSERT_EQ(with_facts.diagnoses.size(), 1u);
  EXPECT_EQ(with_facts.diagnoses[0].id, "system-extension-waiting");
  EXPECT_NE(with_facts.diagnoses[0].remedy.find("EQHXZ8M8AV"), std::string::npos);
  EXPECT_TRUE(Decode(Run(Args(catalog, {"--format", "json"}))).diagnoses.empty());
  // The Jamf attribute names what waits; every CSV record carries what the Mac is.
  EXPECT_EQ(Run(Args(catalog, {"--host-facts", facts.string(), "--format", "jamf"})).out,
            "<result>PASS 1/1: system-extension-waiting; waiting for user: "
            "com.google.santa.daemon (EQHXZ8M8AV)</result>\n");
  const std::string csv =
      Run(Args(catalog, {"--host-facts", facts.string(), "--format", "csv"})).out;
  EXPECT_NE(csv.find(",\"macos, 2 system extensions\",lab,open.lab.test,"), std::string::npos)
      << csv;
  // With the Mac's installed profiles recorded too, the finding says none carries a System
  // Extensions payload.
  std::filesystem::copy_file(std::filesystem::path(ORCHARD_SOURCE_DIR) /
                                 "src/host/testdata/profiles/configuration_firewall_passcode.plist",
                             facts / "profiles-C-o-stdout-xml.plist");
  auto with_profiles =
      Decode(Run(Args(catalog, {"--host-facts", facts.string(), "--format", "json"})));
  ASSERT_EQ(with_profiles.diagnoses.size(), 1u);
  EXPECT_NE(with_profiles.diagnoses[0].explanation.find(
                "none of the 2 configuration profiles installed on this Mac carries a System "
                "Extensions payload"),
            std::string::npos)
      << with_profiles.diagnoses[0].explanation;
}

// A saved run keeps the Mac's facts: explain renders them as check did (the CSV column, the Jamf
// tail), writes the same "host" object back, and re-diagnoses with them.
TEST_F(CheckE2e, ExplainReadsTheMacsFactsBackFromASavedRun) {
  const auto facts = dir_ / "facts";
  std::filesystem::create_directories(facts);
  std::ofstream(facts / "platform") << "macos\n";
  const auto testdata = std::filesystem::path(ORCHARD_SOURCE_DIR) / "src/host/testdata";
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"systemextensionsctl/santa_waiting_for_user.txt", "systemextensionsctl-list.txt"},
           {"sw_vers/sonoma_14_0.txt", "sw_vers.txt"},
           {"profiles/dep_user_approved.txt", "profiles-status-enrollment.txt"},
           {"profiles/configuration_firewall_passcode.plist", "profiles-C-o-stdout-xml.plist"},
           {"security/admin_simplemdm.txt", "security-dump-trust-settings-d.txt"}}) {
    std::filesystem::copy_file(testdata / from, facts / to);
  }
  const std::string catalog = Catalog({{"open.lab.test", open_port_}});
  Outcome saved = Run(Args(catalog, {"--host-facts", facts.string(), "--format", "json", "-o",
                                     (dir_ / "run.json").string()}));
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const std::string run = (dir_ / "run.json").string();
  auto check_json = boost::json::parse(Run({"explain", run, "-f", "json"}).out);
  auto saved_json = boost::json::parse(ReadFile(dir_ / "run.json").value());
  ASSERT_TRUE(saved_json.as_object().contains("host"));
  EXPECT_EQ(check_json.at("host"), saved_json.at("host"));
  EXPECT_EQ(Run({"explain", run, "-f", "jamf"}).out,
            "<result>PASS 1/1: system-extension-waiting; waiting for user: "
            "com.google.santa.daemon (EQHXZ8M8AV)</result>\n");
  EXPECT_NE(Run({"explain", run, "-f", "csv"})
                .out.find("\"macOS 14.0 (23A344), MDM enrolled, 2 "
                          "configuration profiles, 2 system "
                          "extensions\""),
            std::string::npos);
  // Re-diagnosed from the file alone, the finding still knows the Mac's profiles.
  auto rediagnosed = Decode(Run({"explain", run, "-f", "json", "--rediagnose"}));
  ASSERT_EQ(rediagnosed.diagnoses.size(), 1u);
  EXPECT_NE(rediagnosed.diagnoses[0].explanation.find("none of the 2 configuration profiles"),
            std::string::npos)
      << rediagnosed.diagnoses[0].explanation;
}

// A Mac with manual HTTP/HTTPS proxies: its recorded `scutil --proxy` (a published one, the
// port moved to this test's proxy) decides the route with --host-facts, as the Mac would, and
// never this machine's settings. The process's own proxy variables are cleared so that only
// the folder speaks.
TEST_F(CheckE2e, HostFactsSystemProxyRoutesTheChecks) {
  // An HTTP proxy that refuses every request with 403; `requests` is read when it is stopped.
  std::vector<std::string> requests;
  testing::TcpScript refuse;
  refuse.response = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
  const uint16_t proxy_port = testing::StartTcpServer(servers_.io(), refuse, &requests).port();
  auto request_lines = [&] {
    std::vector<std::string> lines;
    for (const std::string& r : requests) lines.push_back(r.substr(0, r.find("\r\n")));
    return lines;
  };
  const auto facts = dir_ / "facts";
  std::filesystem::create_directories(facts);
  std::ofstream(facts / "platform") << "macos\n";
  std::string scutil = Slurp(std::filesystem::path(ORCHARD_SOURCE_DIR) /
                             "src/host/testdata/scutil_proxy/anyproxy_http_https_socks.txt");
  for (size_t at; (at = scutil.find("Port : 8888")) != std::string::npos;) {
    scutil.replace(at, 11, "Port : " + std::to_string(proxy_port));
  }
  std::ofstream(facts / "scutil--proxy.txt") << scutil;
  const std::string catalog = Catalog({{"mdm.corp.lab.test", 443}});
  auto no_proxy_env = [] {
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                             "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}) {
      unsetenv(name);
    }
    return true;
  };
  servers_.Start();
  auto o = testing::RunBinary(
      ORCHARD_BINARY,
      Args(catalog, {"--host-facts", facts.string(), "--format", "json", "--timeout", "2"}), dir_,
      no_proxy_env);
  servers_.Stop();
  auto doc = Decode(o);
  ASSERT_EQ(doc.results.size(), 1u) << o.err;
  const probe::CheckResult& r = doc.results[0];
  EXPECT_EQ(r.route.kind, "proxy") << r.detail;
  EXPECT_EQ(r.route.proxy, "127.0.0.1:" + std::to_string(proxy_port));
  EXPECT_EQ(r.reason, probe::Reason::kProxyDenied) << r.detail;
  EXPECT_EQ(request_lines(), std::vector<std::string>{"CONNECT mdm.corp.lab.test:443 HTTP/1.1"});
  EXPECT_EQ(doc.run.routing, "system proxy settings");
  EXPECT_NE(o.out.find("\"https\": \"127.0.0.1:" + std::to_string(proxy_port) + "\""),
            std::string::npos)
      << o.out;  // the host object names the proxy in effect

  // Without the folder this Linux machine has no system proxy: the same row goes direct.
  servers_.Start();
  auto plain = testing::RunBinary(
      ORCHARD_BINARY, Args(catalog, {"--format", "json", "--timeout", "2"}), dir_, no_proxy_env);
  servers_.Stop();
  auto direct = Decode(plain);
  ASSERT_EQ(direct.results.size(), 1u);
  EXPECT_EQ(direct.results[0].route.kind, "direct");
  EXPECT_EQ(request_lines().size(), 1u);
}

TEST_F(CheckE2e, AllPassedExitsZeroAndTextHasNoColourOffTerminal) {
  std::string catalog = Catalog({{"open.lab.test", open_port_}});
  Outcome o = Run(Args(catalog, {}));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("open.lab.test"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("\x1b["), std::string::npos) << "colour escape in piped output";
  EXPECT_EQ(o.err.find("checked"), std::string::npos) << "progress line on a non-terminal";
}

TEST_F(CheckE2e, RunDeadlineStillWritesACompleteDocument) {
  std::string catalog =
      Catalog({{"silent.lab.test", 7000}, {"silent2.lab.test", 7000}, {"silent3.lab.test", 7000}});
  Outcome o = Run(Args(
      catalog, {"--format", "json", "--timeout", "5", "--deadline", "0.5", "--concurrency", "1"}));
  EXPECT_EQ(o.exit_code, 1) << o.err;
  auto doc = Decode(o);
  ASSERT_EQ(doc.results.size(), 3u);
  for (const auto& r : doc.results) {
    EXPECT_EQ(r.status, probe::Status::kSkip) << r.host;
    EXPECT_EQ(r.reason, probe::Reason::kDeadline) << r.host;
  }
  EXPECT_LT(o.took, 3s);
}

TEST_F(CheckE2e, OutputFileIsWrittenWholeAndStdoutStaysEmpty) {
  std::string catalog = Catalog({{"open.lab.test", open_port_}});
  const auto file = dir_ / "result.json";
  Outcome o = Run(Args(catalog, {"--format", "json", "-o", file.string()}));
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(o.out.empty());
  auto doc = results::DecodeCheckDocument(Slurp(file));
  ASSERT_TRUE(doc) << doc.error().ToString();
  EXPECT_EQ(doc->results.size(), 1u);
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos)
        << "temporary file left behind: " << entry.path();
  }
}

TEST_F(CheckE2e, ConnectToRedirectsCidrAndWildcardRows) {
  // The CIDR's representative (127.100.0.10) and the wildcard's representative would be refused
  // or unresolvable; only the --connect-to rules make these rows pass.
  std::string extra =
      "[[endpoint]]\ncategory = \"other\"\nhost = \"127.100.0.0/16\"\nports = [7000]\n"
      "transport = \"tcp\"\nprotocol = \"TCP\"\nproxy = \"no\"\ndescription = \"range\"\n"
      "hints = { representative_address = \"127.100.0.10\" }\n\n"
      "[[endpoint]]\ncategory = \"other\"\nhost = \"*.push.lab.test\"\nports = [7001]\n"
      "transport = \"tcp\"\nprotocol = \"TCP\"\nproxy = \"no\"\ndescription = \"wild\"\n"
      "hints = { representative_host = \"1-courier.push.lab.test\" }\n";
  std::string catalog = Catalog({}, extra);
  const std::string to = "127.0.0.2:" + std::to_string(open_port_);
  Outcome o =
      Run(Args(catalog, {"--format", "json", "--timeout", "1", "--connect-to",
                         "127.100.0.0/16:7000:" + to, "--connect-to", "*.push.lab.test::" + to}));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  auto doc = Decode(o);
  ASSERT_EQ(doc.results.size(), 2u);
  EXPECT_EQ(doc.results[0].target, "127.100.0.10");
  EXPECT_EQ(doc.results[0].port, 7000);
  EXPECT_EQ(doc.results[1].target, "1-courier.push.lab.test");
  ASSERT_EQ(doc.results[1].addresses.size(), 1u);
  EXPECT_EQ(doc.results[1].addresses[0].port, open_port_);
  EXPECT_EQ(dns_.queries(), 0) << "a connect-to address must not be looked up";
}

TEST_F(CheckE2e, SshRowsReadTheBanner) {
  // A banner server on loopback: accepts, says hello, closes. The silent one never speaks.
  testing::TcpScript hello;
  hello.read_request = false;
  hello.response = "SSH-2.0-OpenSSH_9.2 lab\r\n";
  const uint16_t banner_port =
      testing::StartTcpServer(servers_.io(), hello, nullptr, "127.0.0.2").port();
  std::string extra =
      "[[endpoint]]\ncategory = \"other\"\nhost = \"ssh.lab.test\"\nports = [22]\n"
      "transport = \"tcp\"\nprotocol = \"SSH\"\nproxy = \"no\"\ndescription = \"ssh\"\n\n"
      "[[endpoint]]\ncategory = \"other\"\nhost = \"quiet.lab.test\"\nports = [22]\n"
      "transport = \"tcp\"\nprotocol = \"SSH\"\nproxy = \"no\"\ndescription = \"quiet\"\n";
  std::string catalog = Catalog({}, extra);
  servers_.Start();
  Outcome o =
      Run(Args(catalog, {"--format", "json", "--timeout", "1", "--connect-to",
                         "ssh.lab.test:22:127.0.0.2:" + std::to_string(banner_port), "--connect-to",
                         "quiet.lab.test:22:127.0.0.2:" + std::to_string(open_port_)}));
  servers_.Stop();
  auto doc = Decode(o);
  ASSERT_EQ(doc.results.size(), 2u);
  EXPECT_EQ(doc.results[0].check, probe::CheckKind::kSsh);
  EXPECT_EQ(doc.results[0].status, probe::Status::kPass) << doc.results[0].detail;
  EXPECT_NE(doc.results[0].detail.find("OpenSSH_9.2"), std::string::npos);
  EXPECT_EQ(doc.results[1].status, probe::Status::kFail);
  EXPECT_EQ(doc.results[1].reason, probe::Reason::kSshNoBanner) << doc.results[1].detail;
}

std::string Str(const boost::json::value& v) {
  if (!v.is_string()) return "(not a string)";
  return std::string(v.get_string().data(), v.get_string().size());
}

TEST_F(CheckE2e, JsonLinesCarryTheRunAndTheLabelsOnEveryLine) {
  std::string catalog = Catalog(
      {{"open.lab.test", open_port_}, {"closed.lab.test", testing::ClosedPort("127.0.0.2")}});
  Outcome o = Run(Args(catalog, {"--format", "jsonl", "--label", "site=paris", "--label",
                                 "fleet=lab", "--timeout", "1", "-4"}));
  EXPECT_EQ(o.exit_code, 1) << o.err;
  std::istringstream in(o.out);
  std::map<std::string, std::string> status_by_host;
  std::string run_id;
  int lines = 0, runs = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << ec.message() << ": " << line;
    const auto& j = v.as_object();
    EXPECT_EQ(j.at("site"), "paris");
    EXPECT_EQ(j.at("fleet"), "lab");
    EXPECT_FALSE(Str(j.at("hostname")).empty());
    EXPECT_FALSE(Str(j.at("timestamp")).empty());
    if (run_id.empty()) run_id = Str(j.at("run_id"));
    EXPECT_EQ(Str(j.at("run_id")), run_id) << "one run, one id";
    if (j.at("type") == "result") status_by_host[Str(j.at("host"))] = Str(j.at("status"));
    if (j.at("type") == "run") ++runs;
  }
  EXPECT_FALSE(run_id.empty());
  EXPECT_EQ(status_by_host, (std::map<std::string, std::string>{{"open.lab.test", "pass"},
                                                                {"closed.lab.test", "fail"}}));
  EXPECT_EQ(runs, 1);
  EXPECT_GE(lines, 4) << "2 results, at least one diagnosis, the run:\n" << o.out;

  // The same labels land in the check-v1 document.
  auto doc = Decode(Run(Args(catalog, {"--format", "json", "--label", "site=paris"})));
  EXPECT_EQ(doc.run.labels, (std::map<std::string, std::string>{{"site", "paris"}}));
}

TEST_F(CheckE2e, BadLabelsExitTwoNamingTheFlagAndTheValue) {
  std::string catalog = Catalog({{"open.lab.test", open_port_}});
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--label", "site"}, "--label 'site': expected KEY=VALUE"},
      {{"--label", "9site=paris"}, "--label '9site=paris': '9site' is not a label name"},
      {{"--label", "status=ok"}, "--label 'status=ok': 'status' is reserved"},
      {{"--label", "site="}, "--label 'site=': the value is empty"},
      {{"--label", "site=a", "--label", "site=b"}, "--label 'site=b': site is already set"},
  };
  for (const auto& [flags, message] : cases) {
    std::vector<std::string> more = {"--format", "jsonl"};
    more.insert(more.end(), flags.begin(), flags.end());
    Outcome o = Run(Args(catalog, more));
    EXPECT_EQ(o.exit_code, 2) << message;
    EXPECT_NE(o.err.find(message), std::string::npos) << o.err;
    EXPECT_TRUE(o.out.empty()) << "no report for a usage error: " << o.out;
  }
}

TEST_F(CheckE2e, UsageErrorsExitTwo) {
  std::string catalog = Catalog({{"open.lab.test", open_port_}});
  EXPECT_EQ(Run(Args(catalog, {"--connect-to", "a:b"})).exit_code, 2);
  EXPECT_EQ(Run(Args(catalog, {"--resolver", "not-an-address"})).exit_code, 2);
  EXPECT_EQ(Run(Args(catalog, {"--format", "nope"})).exit_code, 2);
  EXPECT_EQ(Run(Args(catalog, {"-4", "-6"})).exit_code, 2);
  EXPECT_EQ(Run(Args(catalog, {"--timeout", "0"})).exit_code, 2);
  EXPECT_EQ(Run(Args(catalog, {"--ca-file", (dir_ / "missing.pem").string()})).exit_code, 2);
  EXPECT_EQ(Run({"check", "--no-builtin", "--catalog", (dir_ / "missing.toml").string()}).exit_code,
            2);
  Outcome bad_host = Run(Args(catalog, {"--host", "no-such-host.example"}));
  EXPECT_EQ(bad_host.exit_code, 2);
  EXPECT_FALSE(bad_host.err.empty());
}

}  // namespace
}  // namespace orchard
