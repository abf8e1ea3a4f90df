// `orchard allowlist` end to end: the real binary on the embedded catalog, its output read by the
// tools that will load it (squid -k parse, nft -c, iptables-restore --test, Node.js and orchard's
// own PAC engine), --from/--only-failing on a saved run, and every usage error: exit 2, a message
// that names the problem, and no output file touched. Nothing here needs the network: --resolve
// runs only on a catalog whose one name is "localhost" (/etc/hosts).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pac_engine_check.h"
#include "results/json_codec.h"
#include "support/check_results.h"
#include "support/orchard_run.h"
#include "support/temp_dir.h"
#include "tool_check.h"

namespace orchard::generate {
namespace {

using ::testing::AllOf;
using testing::FirewallSandbox;
using ::testing::HasSubstr;
using testing::Have;
using ::testing::Not;
using testing::Sandbox;
using testing::Shell;
using testing::ShellRun;
using ::testing::StartsWith;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Lines that are neither empty nor comments.
std::vector<std::string> Entries(const std::string& text) {
  std::vector<std::string> out;
  for (auto& line : Lines(text)) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

class AllowlistE2e : public ::testing::Test {
 protected:
  Outcome Allowlist(std::vector<std::string> args) {
    args.insert(args.begin(), "allowlist");
    return Orchard(std::move(args));
  }

  // Runs orchard with `args` (tests/support/orchard_run.h); stdout and stderr go to files.
  Outcome Orchard(std::vector<std::string> args) {
    orchard::testing::BinaryOutcome run =
        orchard::testing::RunBinary(ORCHARD_BINARY, args, dir_.path());
    return {run.exit_code, run.out, run.err};
  }

  // The file `orchard allowlist ARGS -o NAME` wrote; fails the test when the command did.
  std::string Generate(const std::string& name, std::vector<std::string> args) {
    std::string path = (dir_.path() / name).string();
    args.push_back("-o");
    args.push_back(path);
    Outcome run = Allowlist(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "") << "with -o nothing goes to stdout";
    return Slurp(path);
  }

  std::string Path(const std::string& name) const { return (dir_.path() / name).string(); }
  std::string Write(const std::string& name, const std::string& content) {
    return dir_.Write(name, content);
  }

  orchard::testing::TempDir dir_;
};

// ---- every format from the embedded catalog ----

TEST_F(AllowlistE2e, EveryFormatFromTheEmbeddedCatalog) {
  // What each format must say about the catalog, beyond its header.
  const std::map<std::string, std::vector<std::string>> expect = {
      {"hosts", {"\nocsp.apple.com\n", "\n*.push.apple.com\n"}},
      {"domains", {"\nocsp.apple.com\n", "\n.push.apple.com\n"}},
      {"cidr", {"\n17.0.0.0/8\n"}},
      {"csv", {"certificate-validation/ocsp.apple.com", "*.push.apple.com"}},
      {"json", {"\"schema\": \"orchard/allowlist-v1\"", "\"row_id\": \"mdm/iprofiles.apple.com\""}},
      {"pac", {"function FindProxyForURL", "PROXY proxy.corp.example:3128"}},
      {"squid", {"ssl_bump splice", "http_access allow"}},
      {"nftables",
       {"add chain inet filter orchard_apple\n", "ip daddr { 17.0.0.0/8 } tcp dport",
        "insert rule inet filter output jump orchard_apple\n"}},
      {"iptables", {"*filter\n", ":ORCHARD-APPLE - [0:0]\n", "-d 17.0.0.0/8 -p tcp", "COMMIT\n"}},
      {"pf", {"pass out quick", "17.0.0.0/8"}},
      {"paloalto-edl", {"\nocsp.apple.com\n", "\n*.push.apple.com\n"}},
      {"ssl-bypass", {"\n.push.apple.com\n"}},
  };
  for (const auto& [format, needles] : expect) {
    SCOPED_TRACE(format);
    std::vector<std::string> args = {"--format", format};
    if (format == "pac") args.insert(args.end(), {"--proxy", "http://proxy.corp.example:3128"});
    std::string text = "\n" + Generate(format + ".out", args);
    for (const auto& needle : needles) EXPECT_THAT(text, HasSubstr(needle));
    bool comments =
        format != "paloalto-edl" && format != "ssl-bypass" && format != "json" && format != "csv";
    if (comments) {
      EXPECT_THAT(text, HasSubstr("orchard allowlist --format " + format));
      EXPECT_THAT(text, HasSubstr("HT210060"));  // the catalog's source
    } else if (format != "json" && format != "csv") {
      EXPECT_THAT(text, Not(HasSubstr("\n#"))) << "every line is read as an entry";
    }
  }
}

TEST_F(AllowlistE2e, HostsListsEveryRowOnceAndFollowsTheSelection) {
  auto all = Entries(Generate("all.txt", {"--format", "hosts"}));
  auto sep = Entries(Generate("sep.txt", {"--format", "hosts", "--profile", "sep"}));
  EXPECT_GT(all.size(), 80u);
  EXPECT_THAT(sep, ::testing::Contains("ocsp.apple.com"));
  EXPECT_THAT(sep, ::testing::Contains("time.apple.com"));
  EXPECT_THAT(sep, ::testing::Contains("*.apple-cloudkit.com"));
  EXPECT_THAT(sep, Not(::testing::Contains("*.push.apple.com")));  // APNs is not in sep
  EXPECT_LT(sep.size(), all.size());
  std::string header = Slurp(Path("sep.txt"));
  EXPECT_THAT(header, HasSubstr("profile sep"));
}

TEST_F(AllowlistE2e, JsonIsIndentedAndHoldsEveryRow) {
  std::string text = Generate("list.json", {"--format", "json"});
  EXPECT_THAT(text, StartsWith("{\n  \""));
  auto doc = boost::json::parse(text).as_object();
  Outcome catalog = Orchard({"catalog", "list", "--format", "json"});
  ASSERT_EQ(catalog.exit_code, 0) << catalog.err;
  size_t rows = boost::json::parse(catalog.out).as_array().size();
  EXPECT_GT(rows, 100u);
  EXPECT_EQ(doc.at("rows").as_array().size(), rows);  // every row of the embedded catalog
  EXPECT_EQ(doc.at("generated_by").at("selection").as_string(), "every row");
  bool apple_block = false;
  for (const auto& n : doc.at("networks").as_array()) {
    apple_block |= n.at("network").as_string() == "17.0.0.0/8";
  }
  EXPECT_TRUE(apple_block);
}

TEST_F(AllowlistE2e, StdoutWithoutOutputFile) {
  Outcome run = Allowlist({"--format", "domains", "--profile", "sep"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\nocsp.apple.com\n"));
  EXPECT_EQ(run.err, "");
}

TEST_F(AllowlistE2e, PaloAltoWritesTheDecryptionBypassListBesideTheFile) {
  std::string edl = Generate("edl.txt", {"--format", "paloalto-edl", "--profile", "sep"});
  std::string bypass = Slurp(Path("edl-decryption-bypass.txt"));
  EXPECT_THAT(edl, HasSubstr("ocsp.apple.com\n"));
  EXPECT_THAT(bypass, HasSubstr("valid.apple.com"));
  // OCSP goes over plain HTTP: nothing to leave undecrypted.
  EXPECT_THAT(bypass, Not(HasSubstr("ocsp.apple.com")));

  Outcome run = Allowlist({"--format", "paloalto-edl", "--profile", "sep"});
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, edl);
  EXPECT_THAT(run.err, HasSubstr("only with -o FILE"));
}

TEST_F(AllowlistE2e, CollapseFoldsHostsUnderTheParent) {
  auto entries = Entries(Generate("d.txt", {"--format", "domains", "--collapse", "apple.com"}));
  EXPECT_THAT(entries, ::testing::Contains(".apple.com"));
  for (const auto& e : entries) {
    EXPECT_FALSE(e.ends_with(".apple.com") && e != ".apple.com") << e << " should be folded";
  }
  EXPECT_THAT(entries, ::testing::Contains(".mzstatic.com"));  // other domains stay
}

// ---- the real tools on the binary's output ----

TEST_F(AllowlistE2e, SquidParsesTheOutput) {
  if (!Have("squid")) GTEST_SKIP() << "squid not installed (package squid-openssl)";
  for (auto args : std::vector<std::vector<std::string>>{
           {"--format", "squid"},
           {"--format", "squid", "--profile", "sep"},
           {"--format", "squid", "--collapse", "apple.com", "--collapse", "icloud.com"}}) {
    Generate("squid.conf", args);
    ShellRun run = testing::SquidParse(Path("squid.conf"));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output, AllOf(Not(HasSubstr("WARNING")), Not(HasSubstr("ERROR"))))
        << run.output;
  }
}

TEST_F(AllowlistE2e, NftChecksTheOutput) {
  if (!Have("nft")) GTEST_SKIP() << "nft not installed (package nftables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  Generate("apple.nft", {"--format", "nftables"});
  ShellRun run = Shell(sandbox.prefix + "nft -c -f " + Path("apple.nft"));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  // Loaded for real into a site's drop policy, in a namespace of its own.
  std::string site = Write("site.nft",
                           "table inet filter {\n  chain output { type filter hook output "
                           "priority filter; policy drop; }\n}\n");
  run = Shell(sandbox.prefix + "sh -c 'nft -f " + site + " && nft -f " + Path("apple.nft") +
              " && nft list chain inet filter output'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("policy drop;\n\t\tjump orchard_apple"));
}

TEST_F(AllowlistE2e, IptablesRestoreTestsTheOutput) {
  if (!Have("iptables-restore"))
    GTEST_SKIP() << "iptables-restore not installed (package iptables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  for (const char* profile : {"all", "sep"}) {
    Generate("apple.rules", {"--format", "iptables", "--profile", profile});
    ShellRun run =
        Shell(sandbox.prefix + "iptables-restore --test --noflush " + Path("apple.rules"));
    EXPECT_EQ(run.exit_code, 0) << profile << "\n" << run.output;
  }
}

// Sample URLs for the embedded catalog and what a PAC made with kProxy must answer.
constexpr char kProxy[] = "http://proxy.corp.example:3128";
std::map<std::string, std::string> CatalogPacSamples() {
  const std::string proxy = "PROXY proxy.corp.example:3128";
  return {
      {"http://ocsp.apple.com/", "DIRECT"},
      {"https://1-courier.push.apple.com:5223/", "DIRECT"},  // under *.push.apple.com
      {"https://api.apple-cloudkit.com/", "DIRECT"},
      {"https://17.248.130.4/", "DIRECT"},  // in Apple's block
      {"https://example.com/", proxy},
      {"https://ocsp.apple.com.evil.example/", proxy},
      {"https://18.0.0.1/", proxy},
  };
}

TEST_F(AllowlistE2e, PacAnswersInNode) {
  if (!Have("node")) GTEST_SKIP() << "node not installed (package nodejs)";
  std::string pac = Generate("proxy.pac", {"--format", "pac", "--proxy", kProxy});
  auto samples = CatalogPacSamples();
  std::vector<std::string> urls;
  for (const auto& [url, answer] : samples) urls.push_back(url);
  std::string error;
  auto answers = testing::EvaluatePacInNode(ORCHARD_PAC_HARNESS, pac, urls, &error);
  ASSERT_TRUE(error.empty()) << error;
  for (const auto& [url, answer] : samples) EXPECT_EQ(answers[url], answer) << url;
}

TEST_F(AllowlistE2e, PacAnswersInOrchardsPacEngine) {
  std::string pac = Generate("proxy.pac", {"--format", "pac", "--proxy", kProxy});
  auto samples = CatalogPacSamples();
  std::vector<std::string> urls;
  for (const auto& [url, answer] : samples) urls.push_back(url);
  auto answers = testing::EvaluatePacInEngine(pac, urls);
  ASSERT_EQ(answers.size(), urls.size());
  for (size_t i = 0; i < urls.size(); ++i) {
    ASSERT_TRUE(answers[i]) << urls[i] << ": " << answers[i].error().message();
    EXPECT_EQ(*answers[i], samples[urls[i]]) << urls[i];
  }
}

// ---- --resolve, hermetically: a catalog whose names are in /etc/hosts ----

constexpr char kLocalCatalog[] = R"([catalog]
source = "allowlist e2e catalog"
date = "2026-11-27"

[[category]]
id = "local"
section = "Local"

[[endpoint]]
id = "local/localhost"
category = "local"
host = "localhost"
ports = [8443]
transport = "tcp"
protocol = "TCP"
os = ["macOS"]
description = "The machine itself"
proxy = "no"

[[endpoint]]
id = "local/*.nowhere.example"
category = "local"
host = "*.nowhere.example"
ports = [443]
transport = "tcp"
protocol = "TCP"
os = ["macOS"]
description = "A wildcard with no representative host"
proxy = "no"
)";

TEST_F(AllowlistE2e, ResolveAddsTheNamesAddressesWithTheirTime) {
  std::string catalog = Write("local.toml", kLocalCatalog);
  std::string nft = Generate(
      "local.nft", {"--format", "nftables", "--resolve", "--no-builtin", "--catalog", catalog});
  EXPECT_THAT(nft, HasSubstr("ip daddr { 127.0.0.1 } tcp dport { 8443 } accept"));
  EXPECT_THAT(nft, HasSubstr("resolved"));
  EXPECT_THAT(nft, HasSubstr("*.nowhere.example"));  // named as not covered by address
  std::string plain =
      Generate("plain.nft", {"--format", "nftables", "--no-builtin", "--catalog", catalog});
  EXPECT_THAT(plain, Not(HasSubstr("127.0.0.1")));
}

// ---- --from a saved run ----

probe::CheckResult Checked(std::string row_id, std::string host, uint16_t port,
                           probe::Status status, probe::Reason reason) {
  probe::CheckResult r = orchard::testing::MakeResult(std::move(host), port)
                             .RowId(row_id)
                             .ProxySupport("yes")
                             .Status(status, reason);
  r.category = row_id.substr(0, row_id.find('/'));
  return r;
}

std::string SavedRun() {
  results::CheckDocument doc;
  doc.run.run_id = "run-42";
  doc.run.started_at = "2026-11-27T09:00:00Z";
  doc.run.hostname = "mac-17";
  using probe::Reason;
  using probe::Status;
  doc.results = {
      Checked("certificate-validation/certs.apple.com", "certs.apple.com", 80, Status::kPass,
              Reason::kOk),
      Checked("certificate-validation/certs.apple.com", "certs.apple.com", 443, Status::kFail,
              Reason::kTlsIntercepted),
      Checked("certificate-validation/ocsp.apple.com", "ocsp.apple.com", 80, Status::kFail,
              Reason::kTcpTimeout),
      Checked("certificate-validation/valid.apple.com", "valid.apple.com", 443, Status::kPass,
              Reason::kOk),
      Checked("mdm/iprofiles.apple.com", "iprofiles.apple.com", 443, Status::kWarn,
              Reason::kProxyRequired),
  };
  return results::EncodeCheckDocument(doc);
}

TEST_F(AllowlistE2e, FromOnlyFailingKeepsWhatTheRunFoundBlocked) {
  std::string run = Write("run.json", SavedRun());
  auto hosts =
      Entries(Generate("blocked.txt", {"--format", "hosts", "--from", run, "--only-failing"}));
  EXPECT_THAT(hosts, ::testing::UnorderedElementsAre("certs.apple.com", "ocsp.apple.com",
                                                     "iprofiles.apple.com"));
  // Only the blocked ports: certs.apple.com's 80 passed.
  std::string csv = Generate("blocked.csv", {"--format", "csv", "--from", run, "--only-failing"});
  EXPECT_THAT(csv, HasSubstr("443/tcp tls_intercepted"));
  EXPECT_THAT(csv, HasSubstr("80/tcp tcp_timeout"));
  EXPECT_THAT(csv, Not(HasSubstr("valid.apple.com")));
  auto doc = boost::json::parse(
      Generate("blocked.json", {"--format", "json", "--from", run, "--only-failing"}));
  for (const auto& row : doc.at("rows").as_array()) {
    if (row.at("host").as_string() == "certs.apple.com") {
      EXPECT_EQ(row.at("ports").as_array(), (boost::json::array{443}));
    }
  }
  EXPECT_THAT(std::string(doc.at("generated_by").at("results").as_string()),
              AllOf(HasSubstr("run run-42"), HasSubstr("blocked checks only")));

  // Without --only-failing: every row the run checked, with the catalog's ports.
  auto checked = Entries(Generate("checked.txt", {"--format", "hosts", "--from", run}));
  EXPECT_THAT(checked, ::testing::UnorderedElementsAre("certs.apple.com", "ocsp.apple.com",
                                                       "valid.apple.com", "iprofiles.apple.com"));
  // Narrowed by a profile: mdm rows are not in sep.
  auto sep = Entries(Generate(
      "sep.txt", {"--format", "hosts", "--from", run, "--only-failing", "--profile", "sep"}));
  EXPECT_THAT(sep, ::testing::UnorderedElementsAre("certs.apple.com", "ocsp.apple.com"));
}

TEST_F(AllowlistE2e, FromARunWithNothingBlockedSaysSo) {
  results::CheckDocument doc;
  doc.results = {Checked("certificate-validation/valid.apple.com", "valid.apple.com", 443,
                         probe::Status::kPass, probe::Reason::kOk)};
  std::string run = Write("green.json", results::EncodeCheckDocument(doc));
  Outcome out = Allowlist({"--format", "hosts", "--from", run, "--only-failing"});
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_TRUE(Entries(out.out).empty()) << out.out;
  EXPECT_THAT(out.err, HasSubstr("nothing to allow"));
}

// ---- usage and input errors: exit 2, a message naming the problem, no file written ----

struct BadCase {
  std::vector<std::string> args;
  std::string message;
};

TEST_F(AllowlistE2e, BadInputIsExit2WithAMessageAndNoFile) {
  std::string run = Write("run.json", SavedRun());
  std::string grey = SavedRun();
  grey.replace(grey.find("\"fail\""), 6, "\"grey\"");
  std::string grey_run = Write("grey.json", grey);
  std::string bad_catalog = Write("bad.toml", "[[endpoint]]\nhost = \"x\n");
  const std::vector<BadCase> cases = {
      {{"--format", "yaml"}, "orchard allowlist: --format: yaml not in {hosts,domains"},
      {{"--format", "pac"}, "--format pac needs --proxy URL"},
      {{"--format", "pac", "--proxy", "http://user:secret@proxy.corp:3128"}, "credentials"},
      {{"--format", "hosts", "--proxy", "http://proxy.corp:3128"}, "--proxy applies only to"},
      {{"--format", "hosts", "--from", Path("missing.json")}, "missing.json: cannot open"},
      {{"--format", "hosts", "--from", grey_run}, "grey.json: results[1].status: unknown status"},
      {{"--format", "hosts", "--only-failing"}, "--only-failing needs --from"},
      {{"--format", "domains", "--collapse", "com"}, "--collapse 'com': expected a parent domain"},
      {{"--format", "domains", "--collapse", "*"}, "--collapse '*'"},
      {{"--format", "cidr", "--collapse", "apple.com"}, "--collapse applies to the domain formats"},
      {{"--format", "hosts", "--resolve"}, "--resolve applies to the address formats"},
      {{"--format", "hosts", "--profile", "nope"}, "nope"},
      {{"--format", "hosts", "--catalog", bad_catalog}, "bad.toml:2"},
      {{"--format", "hosts", "--from", run, "--profile", "nope"}, "nope"},
      {{}, "--format is required"},
  };
  std::string existing = Write("existing.txt", "the network team's file\n");
  for (const auto& c : cases) {
    std::string what;
    for (const auto& a : c.args) what += a + " ";
    SCOPED_TRACE(what);
    auto args = c.args;
    args.insert(args.end(), {"-o", existing});
    Outcome out = Allowlist(args);
    EXPECT_EQ(out.exit_code, 2);
    EXPECT_THAT(out.err, HasSubstr(c.message));
    EXPECT_EQ(out.out, "");
    EXPECT_EQ(Slurp(existing), "the network team's file\n") << "a failed run must not touch -o";
  }
  // No temporary file left beside it either.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    files += e.path().filename().string().starts_with(".existing.txt") ? 1 : 0;
  }
  EXPECT_EQ(files, 0u);
}

TEST_F(AllowlistE2e, UnwritableOutputIsExit2) {
  Outcome out = Allowlist({"--format", "hosts", "-o", Path("no/such/dir/list.txt")});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("no/such/dir/list.txt"));
}

}  // namespace
}  // namespace orchard::generate
