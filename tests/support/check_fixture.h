#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "results/json_codec.h"
#include "support/fake_dns_server.h"
#include "support/orchard_run.h"
#include "support/pki.h"
#include "support/temp_dir.h"

// The end-to-end fixture for `orchard check` (its test target defines ORCHARD_BINARY): a fresh
// folder, a DNS server (every name NXDOMAIN unless given a zone, so nothing asks the real DNS),
// loopback servers on a thread of their own, runs of the binary, and its JSON decoded.
namespace orchard::testing {

class CheckFixture : public ::testing::Test {
 protected:
  explicit CheckFixture(std::map<std::string, FakeZoneEntry> zone = {}) : dns_(std::move(zone)) {}
  void TearDown() override { servers_.Stop(); }

  // Writes `rows` to catalog.toml and runs `orchard check --no-builtin --catalog catalog.toml
  // --resolver <dns_> --format json`, then --connect-to HOST::127.0.0.1:PORT for each of
  // `connect_to`, then `extra`; the servers answer meanwhile. `in_child` as RunBinary's.
  BinaryOutcome RunCheck(const std::vector<CatalogRow>& rows,
                         const std::map<std::string, uint16_t>& connect_to,
                         const std::vector<std::string>& extra = {},
                         const std::function<bool()>& in_child = {}) {
    std::ofstream(dir_ / "catalog.toml") << CatalogToml(rows);
    std::vector<std::string> args = {
        "check",      "--no-builtin", "--catalog", (dir_ / "catalog.toml").string(),
        "--resolver", dns_.address(), "--format",  "json"};
    for (const auto& [host, port] : connect_to) {
      args.push_back("--connect-to");
      args.push_back(host + "::127.0.0.1:" + std::to_string(port));
    }
    args.insert(args.end(), extra.begin(), extra.end());
    servers_.Start();
    BinaryOutcome outcome = RunBinary(ORCHARD_BINARY, std::move(args), dir_, in_child);
    servers_.Stop();
    return outcome;
  }

  // The document on the run's stdout; one that does not decode fails the test (and is empty).
  static results::CheckDocument Decode(const BinaryOutcome& o) {
    auto doc = results::DecodeCheckDocument(o.out);
    EXPECT_TRUE(doc) << (doc ? "" : doc.error().ToString()) << "\n" << o.out << o.err;
    return doc ? *doc : results::CheckDocument{};
  }
  // The results by catalog host.
  static std::map<std::string, probe::CheckResult> ByHost(const results::CheckDocument& doc) {
    std::map<std::string, probe::CheckResult> by;
    for (const auto& r : doc.results) by[r.host] = r;
    return by;
  }
  static std::map<std::string, probe::CheckResult> ByHost(const BinaryOutcome& o) {
    return ByHost(Decode(o));
  }
  // The decoded results by "target:port".
  static std::map<std::string, probe::CheckResult> ByTarget(const BinaryOutcome& o) {
    std::map<std::string, probe::CheckResult> by;
    for (auto& r : Decode(o).results) by[r.target + ":" + std::to_string(r.port)] = std::move(r);
    return by;
  }

  TempDir temp_;
  const std::filesystem::path dir_ = temp_.path();
  FakeDnsServer dns_;
  ServerThread servers_;
};

}  // namespace orchard::testing
