#include "results/json_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/check_results.h"

namespace orchard::results {
namespace {

using ::testing::HasSubstr;

probe::CheckResult FullResult() {
  probe::CheckResult r = testing::MakeResult("ocsp2.apple.com", 443)
                             .Category("certificate-validation")
                             .ProxySupport("no")
                             .Kind(probe::CheckKind::kTls)
                             .Fail(probe::Reason::kTlsIntercepted)
                             .Detail("re-signed by \"Corp Proxy CA\" \u00e9\n")
                             .Took(44.125);
  r.timings.dns = 1.25;
  r.timings.connect = 12;
  r.timings.tls = 30.5;
  r.addresses = {{"17.253.1.1", 443, "open", 12}, {"2a01::1", 443, "unreachable", 0.5}};
  r.cname_chain = {"ocsp2.apple.com", "ocsp2-lb.apple.com.akadns.net"};
  r.resolved = {"17.253.1.1", "2a01::1"};
  probe::TlsFacts tls;
  tls.version = "TLSv1.3";
  tls.cipher = "TLS_AES_128_GCM_SHA256";
  tls.leaf_subject = "CN=ocsp2.apple.com";
  tls.leaf_issuer = "O=Corp, CN=Corp Proxy CA";
  tls.leaf_not_after = "2027-01-01T00:00:00Z";
  tls.leaf_not_after_unix = 1798761600;
  tls.chain = {"CN=ocsp2.apple.com", "CN=Corp Proxy CA"};
  tls.platform_trusted = true;
  tls.genuine_verify_error = "unable to get local issuer certificate";
  tls.intercepted = true;
  tls.interceptor = "Corp Proxy CA";
  tls.interceptor_os_trusted = true;
  r.tls = tls;
  r.http = probe::HttpFacts{407, "text/html", "squid", ""};
  r.ntp = probe::NtpFacts{-12.5, 3.25, 2};
  r.route = {"proxy", "proxy.corp.example:3128"};
  return r;
}

CheckDocument SampleDocument() {
  CheckDocument doc;
  doc.run.orchard_version = "0.1.0";
  doc.run.run_id = "run-1";
  doc.run.started_at = "2026-11-27T18:00:00Z";
  doc.run.hostname = "mac-01";
  doc.run.labels = {{"site", "paris"}, {"fleet", "b"}};
  doc.run.catalog_source = "Use Apple products on enterprise networks";
  doc.run.catalog_date = "2024-05-01";
  doc.run.profiles = {"sep"};
  doc.run.duration_ms = 5123.5;
  doc.results.push_back(FullResult());
  probe::CheckResult plain =
      testing::MakeResult("time.apple.com", 123).Transport("udp").Kind(probe::CheckKind::kNtp);
  plain.category = "device-setup";
  plain.target.clear();
  doc.results.push_back(plain);
  diagnose::Diagnosis d;
  d.id = "tls-interception";
  d.severity = diagnose::Severity::kHigh;
  d.title = "HTTPS inspection";
  d.explanation = "why";
  d.remedy = "what";
  d.affected = {"ocsp2.apple.com:443"};
  d.impact = 80;
  doc.diagnoses.push_back(d);
  return doc;
}

TEST(JsonCodec, RoundTripsEveryField) {
  CheckDocument doc = SampleDocument();
  std::string text = EncodeCheckDocument(doc);
  auto decoded = DecodeCheckDocument(text);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(EncodeCheckDocument(*decoded), text);
  const auto& r = decoded->results[0];
  EXPECT_EQ(r.reason, probe::Reason::kTlsIntercepted);
  EXPECT_EQ(r.detail, doc.results[0].detail);
  EXPECT_EQ(r.timings.dns, 1.25);
  EXPECT_FALSE(r.timings.first_byte.has_value());
  ASSERT_TRUE(r.tls);
  EXPECT_EQ(r.tls->interceptor, "Corp Proxy CA");
  EXPECT_EQ(r.tls->leaf_not_after_unix, 1798761600);
  EXPECT_EQ(r.addresses[1].outcome, "unreachable");
  EXPECT_EQ(r.route.proxy, "proxy.corp.example:3128");
  EXPECT_FALSE(decoded->results[1].tls.has_value());
  EXPECT_EQ(decoded->run.duration_ms, 5123.5);
  EXPECT_EQ(decoded->diagnoses[0].severity, diagnose::Severity::kHigh);
  EXPECT_EQ(decoded->run.profiles, std::vector<std::string>{"sep"});
  EXPECT_EQ(decoded->run.labels, doc.run.labels);
}

TEST(JsonCodec, WritesTheCheckV1ShapeWithSummaryAndNullPhases) {
  boost::json::value v = boost::json::parse(EncodeCheckDocument(SampleDocument()));
  EXPECT_EQ(v.at("schema"), "orchard/check-v1");
  EXPECT_EQ(v.at("summary").at("total"), 2);
  EXPECT_EQ(v.at("summary").at("failed"), 1);
  EXPECT_EQ(v.at("summary").at("passed"), 1);
  const auto& timings = v.at("results").at(0).at("timings_ms");
  EXPECT_TRUE(timings.at("first_byte").is_null());
  EXPECT_EQ(timings.at("tls"), 30.5);
  EXPECT_TRUE(v.at("results").at(1).at("tls").is_null());
  EXPECT_EQ(v.at("results").at(0).at("status"), "fail");
  EXPECT_EQ(v.at("diagnoses").at(0).at("severity"), "high");
  EXPECT_EQ(v.at("labels"), (boost::json::object{{"fleet", "b"}, {"site", "paris"}}));
}

// Why the genuine roots rejected a chain is the evidence behind tls_intercepted and
// tls_untrusted; a saved run must keep it for explain and diff.
TEST(JsonCodec, RoundTripsTheGenuineVerifyError) {
  CheckDocument doc = SampleDocument();
  boost::json::value v = boost::json::parse(EncodeCheckDocument(doc));
  const auto& tls = v.at("results").at(0).at("tls");
  EXPECT_EQ(tls.at("genuine_verify_error"), "unable to get local issuer certificate");
  EXPECT_EQ(tls.at("verify_error"), "");
  auto decoded = DecodeCheckDocument(EncodeCheckDocument(doc));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  ASSERT_TRUE(decoded->results[0].tls);
  EXPECT_EQ(decoded->results[0].tls->genuine_verify_error,
            "unable to get local issuer certificate");
  EXPECT_EQ(decoded->results[0].tls->verify_error, "");
}

TEST(JsonCodec, WritesShortestDecimalsNotExponents) {
  std::string text = EncodeCheckDocument(SampleDocument());
  EXPECT_THAT(text, HasSubstr("\"total\": 44.125"));
  EXPECT_THAT(text, HasSubstr("\"connect\": 12,"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("E0")));
}

// Replaces one value in the sample's JSON and returns the decoder's message.
std::string ErrorAfter(void (*edit)(boost::json::object&)) {
  boost::json::value v = boost::json::parse(EncodeCheckDocument(SampleDocument()));
  edit(v.as_object());
  auto decoded = DecodeCheckDocument(boost::json::serialize(v));
  if (decoded) return "(decoded without error)";
  EXPECT_EQ(decoded.error().code(), ErrorCode::kParse);
  return decoded.error().message();
}

TEST(JsonCodec, NamesThePathOfTheFirstProblem) {
  EXPECT_EQ(ErrorAfter([](auto& o) { o["schema"] = "orchard/check-v2"; }),
            "schema: expected \"orchard/check-v1\", got \"orchard/check-v2\"");
  EXPECT_EQ(ErrorAfter([](auto& o) { o.erase("schema"); }), "schema: missing");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["results"].as_array()[1].as_object()["status"] = "grey"; }),
            "results[1].status: unknown status 'grey'");
  EXPECT_EQ(
      ErrorAfter([](auto& o) { o["results"].as_array()[0].as_object()["reason"] = "dns_maybe"; }),
      "results[0].reason: unknown reason 'dns_maybe'");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["results"].as_array()[0].as_object()["port"] = 70000; }),
            "results[0].port: 70000 is not an integer in [0, 65535]");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["results"].as_array()[0].as_object()["port"] = "443"; }),
            "results[0].port: expected an integer, got a string");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["results"].as_array()[0].as_object()["tls"] = 3; }),
            "results[0].tls: expected an object, got a number");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["results"].as_array()[0].as_object()["timings_ms"].as_object()["dns"] = "fast";
            }),
            "results[0].timings_ms.dns: expected a number, got a string");
  // A duration of 1e308 ms used to be printed by explain as 300 digits.
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["results"].as_array()[0].as_object()["timings_ms"].as_object()["total"] = 1e308;
            }),
            "results[0].timings_ms.total: 1E308 is not a time in milliseconds within ±1e13");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["summary"].as_object()["duration_ms"] = -2e13; }),
            "summary.duration_ms: -2E13 is not a time in milliseconds within ±1e13");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["results"].as_array()[0].as_object()["cname_chain"].as_array().emplace_back(1);
            }),
            "results[0].cname_chain[2]: expected a string");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["results"] = boost::json::object(); }),
            "results: expected an array");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["results"].as_array()[1] = nullptr; }),
            "results[1]: expected an object, got null");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["diagnoses"].as_array()[0].as_object()["severity"] = "apocalyptic";
            }),
            "diagnoses[0].severity: unknown severity 'apocalyptic'");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["results"].as_array()[0].as_object()["route"].as_object()["kind"] = "tor";
            }),
            "results[0].route.kind: expected \"direct\" or \"proxy\"");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["labels"] = "site=paris"; }),
            "labels: expected an object, got a string");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["labels"].as_object()["site"] = 3; }),
            "labels.site: expected a string, got a number");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["labels"].as_object()["site"] = ""; }),
            "labels.site: the value is empty");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["labels"].as_object()["status"] = "x"; }),
            "labels: 'status' is reserved: every JSON line already has a field of that name");
  EXPECT_EQ(ErrorAfter([](auto& o) { o["labels"].as_object()["a b"] = "x"; }),
            "labels: 'a b' is not a label name (letters, digits and _, not starting with a "
            "digit, at most 64 characters)");
}

// The "host" object comes back whole (what check wrote, explain writes again) and strictly.
TEST(JsonCodec, RoundTripsTheHostFactsAndNamesTheirProblems) {
  CheckDocument doc = SampleDocument();
  host::HostFacts& h = doc.host.emplace();
  h.platform = host::Platform::kMacOS;
  h.os = {"macOS", "14.0", "23A344"};
  h.resolvers.push_back({{"10.0.0.53"}, {"corp.example"}, "corp.example", "utun3", true, true});
  h.system_extensions = {
      {{"com.apple.system_extension.network_extension", true, false, "9PTGMPNXZ2",
        "com.symantec.mes.systemextension", "1.0/1", "SEP", "activated waiting for user"}}};
  h.mdm = host::MdmEnrollment{true, true, false, "https://mdm.example"};
  h.configuration_profiles = {{{"id",
                                "Name",
                                "Org",
                                "verified",
                                "2023-03-31 01:14:38 +0000",
                                {{"com.apple.security.firewall", "fw", "Firewall"}}}}};
  h.admin_trusted_certs = {{{"Corp Root", 2, {}, {}}}};
  h.system_proxy = host::SystemProxySettings{{{"proxy.example", 3128}},
                                             {{"::1", 8080}},
                                             std::nullopt,
                                             "http://wpad/wpad.dat",
                                             true,
                                             {"*.local"},
                                             true};
  h.proxy_environment = {{{"https_proxy", "http://***@proxy:3128"}}};
  h.local_ca_certificates = {{{"Corp CA", "corp.crt"}}};
  h.problems = {"profiles: not found"};
  const std::string encoded = EncodeCheckDocument(doc);
  auto decoded = DecodeCheckDocument(encoded);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  ASSERT_TRUE(decoded->host);
  EXPECT_EQ(EncodeCheckDocument(*decoded), encoded);
  EXPECT_TRUE(decoded->host->system_extensions->front().WaitingForUser());
  EXPECT_EQ(decoded->host->system_proxy->https->host, "::1");

  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["host"] = {{"platform", "windows"}};
            }),
            "host.platform: unknown platform 'windows'");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["host"] = {{"platform", "macos"}, {"mdm", {{"enrolled", "yes"}}}};
            }),
            "host.mdm.enrolled: expected true or false, got a string");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["host"] = {{"platform", "macos"}, {"system_proxy", {{"http", "proxy:99999"}}}};
            }),
            "host.system_proxy.http: expected \"host:port\"");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["host"] = {{"platform", "linux"}, {"resolvers", boost::json::parse("[1]")}};
            }),
            "host.resolvers[0]: expected an object, got a number");
}

TEST(JsonCodec, GenuineVerifyErrorIsOptionalAndMustBeAString) {
  boost::json::value v = boost::json::parse(EncodeCheckDocument(SampleDocument()));
  auto& tls = v.at("results").as_array()[0].as_object()["tls"].as_object();
  tls.erase("genuine_verify_error");  // a document written before the field existed
  auto decoded = DecodeCheckDocument(boost::json::serialize(v));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->results[0].tls->genuine_verify_error, "");
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["results"].as_array()[0].as_object()["tls"].as_object()["genuine_verify_error"] =
                  false;
            }),
            "results[0].tls.genuine_verify_error: expected a string, got a boolean");
}

// How many datagrams a UDP probe sent and had answered tells a lost datagram from a blocked
// port; only UDP checks that sent datagrams carry the key.
TEST(JsonCodec, RoundTripsUdpFactsOnlyWhereTheyExist) {
  CheckDocument doc = SampleDocument();
  doc.results[1].udp = probe::UdpFacts{3, 1};
  const std::string text = EncodeCheckDocument(doc);
  boost::json::value v = boost::json::parse(text);
  EXPECT_FALSE(v.at("results").at(0).as_object().contains("udp"));
  EXPECT_EQ(v.at("results").at(1).at("udp"),
            (boost::json::object{{"datagrams_sent", 3}, {"datagrams_answered", 1}}));
  auto decoded = DecodeCheckDocument(text);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_FALSE(decoded->results[0].udp.has_value());
  ASSERT_TRUE(decoded->results[1].udp);
  EXPECT_EQ(decoded->results[1].udp->datagrams_sent, 3);
  EXPECT_EQ(decoded->results[1].udp->datagrams_answered, 1);
  EXPECT_EQ(ErrorAfter([](auto& o) {
              o["results"].as_array()[1].as_object()["udp"] =
                  boost::json::object{{"datagrams_sent", -1}, {"datagrams_answered", 0}};
            }),
            "results[1].udp.datagrams_sent: -1 is not an integer in [0, 1000]");
}

TEST(JsonCodec, SurvivesHostileInput) {
  for (std::string_view text : {"", "null", "[]", "\"x\"", "{", "{\"schema\":", "\xff\xfe",
                                "{\"schema\":\"orchard/check-v1\",\"results\":[[[[[]]]]]}",
                                "{\"schema\":\"orchard/check-v1\",\"results\":[1e999]}"}) {
    auto decoded = DecodeCheckDocument(text);
    EXPECT_FALSE(decoded) << text;
  }
  std::string deep(100000, '[');
  EXPECT_FALSE(DecodeCheckDocument(deep));
  std::string name(1000, '\x01');
  auto decoded = DecodeCheckDocument(
      "{\"schema\":\"orchard/check-v1\",\"results\":[{\"category\":\"c\",\"host\":\"h\",\"port\":"
      "1,\"transport\":\"tcp\",\"check\":\"tcp\",\"status\":\"" +
      name + "\"}]}");
  ASSERT_FALSE(decoded);
  EXPECT_LT(decoded.error().message().size(), 120u);
}

TEST(JsonCodec, AcceptsOmittedOptionalFields) {
  auto decoded = DecodeCheckDocument(
      R"({"schema":"orchard/check-v1","results":[{"category":"c","host":"h","port":80,)"
      R"("transport":"tcp","check":"http","status":"pass","reason":"ok"}]})");
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->results[0].route.kind, "direct");
  EXPECT_TRUE(decoded->diagnoses.empty());
  EXPECT_TRUE(decoded->run.labels.empty());  // documents from before labels existed
}

}  // namespace
}  // namespace orchard::results
