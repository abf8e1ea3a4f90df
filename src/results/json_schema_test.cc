// Keeps schema/*.schema.json in step with the code: the enums list exactly the names the code
// has, and each object in the schema has exactly the keys the encoder writes. (The documents
// themselves are validated against the schemas by tests/schema; this side needs no python.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "base/file.h"
#include "diagnose/diagnosis.h"
#include "probe/result.h"
#include "results/json_codec.h"
#include "results/labels.h"

namespace orchard::results {
namespace {

namespace json = boost::json;
using Names = std::set<std::string>;

json::object LoadSchema(const std::string& name) {
  auto text = ReadFile(std::string(ORCHARD_SCHEMA_DIR) + "/" + name + ".schema.json");
  EXPECT_TRUE(text.has_value()) << name;
  if (!text) return {};
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  EXPECT_FALSE(ec) << name << ": " << ec.message();
  return v.is_object() ? v.get_object() : json::object{};
}

// The stable names of an enum whose values run from 0 until ToString says "unknown".
template <class E>
Names AllNames() {
  Names out;
  for (int i = 0;; ++i) {
    std::string name(ToString(static_cast<E>(i)));
    if (name == "unknown") break;
    out.insert(name);
  }
  return out;
}

Names Strings(const json::value& array) {
  Names out;
  for (const auto& item : array.as_array()) out.insert(std::string(item.as_string()));
  return out;
}

Names Keys(const json::object& o) {
  Names out;
  for (const auto& kv : o) out.insert(std::string(kv.key()));
  return out;
}

const json::object& Def(const json::object& schema, const char* name) {
  return schema.at("$defs").at(name).as_object();
}

TEST(JsonSchema, EnumsAreTheCodesNames) {
  json::object schema = LoadSchema("check-v1");
  EXPECT_EQ(Strings(Def(schema, "status").at("enum")), AllNames<probe::Status>());
  EXPECT_EQ(Strings(Def(schema, "reason").at("enum")), AllNames<probe::Reason>());
  EXPECT_EQ(Strings(Def(schema, "check").at("enum")), AllNames<probe::CheckKind>());
  Names severities;
  for (auto s :
       {diagnose::Severity::kCritical, diagnose::Severity::kHigh, diagnose::Severity::kMedium,
        diagnose::Severity::kLow, diagnose::Severity::kInfo}) {
    severities.insert(std::string(diagnose::ToString(s)));
  }
  EXPECT_EQ(Strings(Def(schema, "severity").at("enum")), severities);
  const auto& reserved = ReservedLabelNames();
  EXPECT_EQ(Strings(Def(schema, "reserved_name").at("enum")),
            Names(reserved.begin(), reserved.end()));
}

// A document with every optional part present, so that every key the encoder can write shows.
CheckDocument Full() {
  CheckDocument doc;
  doc.run.labels = {{"site", "paris"}};
  doc.run.profiles = {"sep"};
  probe::CheckResult r;
  r.transport = "tcp";
  r.addresses.push_back({"17.0.0.1", 443, "open", 1.5});
  r.tls = probe::TlsFacts{};
  r.http = probe::HttpFacts{};
  r.ntp = probe::NtpFacts{};
  r.udp = probe::UdpFacts{};
  r.resolver = "10.8.0.1 (corp.example, utun3)";
  r.compared = probe::RouteComparison{};
  doc.results.push_back(r);
  doc.diagnoses.push_back({"dark-network", diagnose::Severity::kCritical, "t", "e", "r", {}, 1});
  return doc;
}

// The schema object's properties are the encoded object's keys; all of them are required
// except `optional`.
void ExpectSameKeys(const json::object& def, const json::object& encoded, const char* what,
                    const Names& optional = {}) {
  Names keys = Keys(encoded);
  EXPECT_EQ(Keys(def.at("properties").as_object()), keys) << what;
  Names required;
  for (const auto& k : keys) {
    if (!optional.count(k)) required.insert(k);
  }
  EXPECT_EQ(Strings(def.at("required")), required) << what;
}

TEST(JsonSchema, EveryObjectHasTheEncodersKeys) {
  json::object schema = LoadSchema("check-v1");
  CheckDocument full = Full();
  full.host.emplace();
  full.host->system_extensions = std::vector<host::SystemExtension>(1);
  full.host->mdm.emplace();
  full.host->admin_trusted_certs = std::vector<host::TrustedCert>(1);
  full.host->resolvers.resize(1);
  full.host->system_proxy.emplace();
  full.host->proxy_environment = std::vector<host::ProxyVariable>(1);
  full.host->local_ca_certificates = std::vector<host::LocalCaCertificate>(1);
  full.host->configuration_profiles = std::vector<host::ConfigurationProfile>(1);
  full.host->configuration_profiles->front().payloads.resize(1);
  json::object doc = ToJson(full);
  ExpectSameKeys(schema, doc, "document", {"host"});
  const json::object& host = doc.at("host").as_object();
  ExpectSameKeys(Def(schema, "host"), host, "host",
                 {"system_extensions", "mdm", "admin_trusted_certificates", "system_proxy",
                  "proxy_environment", "local_ca_certificates", "configuration_profiles"});
  const json::object& host_def = Def(schema, "host").at("properties").as_object();
  ExpectSameKeys(host_def.at("os").as_object(), host.at("os").as_object(), "host.os");
  ExpectSameKeys(host_def.at("mdm").as_object(), host.at("mdm").as_object(), "host.mdm");
  ExpectSameKeys(host_def.at("system_proxy").as_object(), host.at("system_proxy").as_object(),
                 "host.system_proxy");
  for (const char* key : {"resolvers", "system_extensions", "admin_trusted_certificates",
                          "proxy_environment", "local_ca_certificates", "configuration_profiles"}) {
    ExpectSameKeys(host_def.at(key).at("items").as_object(),
                   host.at(key).as_array().at(0).as_object(), key);
  }
  ExpectSameKeys(host_def.at("configuration_profiles")
                     .at("items")
                     .at("properties")
                     .at("payloads")
                     .at("items")
                     .as_object(),
                 host.at("configuration_profiles")
                     .as_array()
                     .at(0)
                     .at("payloads")
                     .as_array()
                     .at(0)
                     .as_object(),
                 "configuration_profiles.payloads");
  EXPECT_FALSE(ToJson(Full()).contains("host"));  // absent when no facts were read
  for (const char* key : {"catalog", "routing", "summary"}) {
    ExpectSameKeys(Def(schema, key), doc.at(key).as_object(), key);
  }
  const json::object& result = doc.at("results").as_array().at(0).as_object();
  ExpectSameKeys(Def(schema, "result_fields"), result, "result", {"compared", "udp", "resolver"});
  ExpectSameKeys(Def(schema, "timings"), result.at("timings_ms").as_object(), "timings_ms");
  ExpectSameKeys(Def(schema, "address"), result.at("addresses").as_array().at(0).as_object(),
                 "address");
  for (const char* key : {"tls", "http", "ntp", "udp", "route", "compared"}) {
    ExpectSameKeys(Def(schema, key), result.at(key).as_object(), key);
  }
  ExpectSameKeys(Def(schema, "diagnosis_fields"), doc.at("diagnoses").as_array().at(0).as_object(),
                 "diagnosis");
}

// On every jsonl-v1 line each reserved name is either a field of that line's type or refused,
// so a stray field of another type cannot pass as a label.
TEST(JsonSchema, EveryJsonLineAccountsForEveryReservedName) {
  json::object check = LoadSchema("check-v1");
  json::object lines = LoadSchema("jsonl-v1");
  Names common = Keys(lines.at("properties").as_object());
  Names never = Strings(lines.at("propertyNames").at("not").at("enum"));
  const auto& reserved = ReservedLabelNames();
  const Names all(reserved.begin(), reserved.end());
  auto accounted = [&](const char* line, const json::object& fields) {
    Names names = common;
    names.merge(Names(never));
    names.merge(Keys(fields));
    names.merge(Strings(Def(lines, line).at("propertyNames").at("not").at("enum")));
    return names;
  };
  EXPECT_EQ(accounted("result_line", Def(check, "result_fields").at("properties").as_object()),
            all);
  EXPECT_EQ(
      accounted("diagnosis_line", Def(check, "diagnosis_fields").at("properties").as_object()),
      all);
  EXPECT_EQ(accounted("run_line", Def(lines, "run_line").at("properties").as_object()), all);
}

}  // namespace
}  // namespace orchard::results
