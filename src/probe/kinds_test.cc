// The registry tests: the kinds table (kinds.cc) and the facts table (facts.cc) are complete and
// consistent, since the planner, dispatcher, codec, renderers and exporter trust them.
#include "probe/kinds.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "base/clock.h"
#include "catalog/endpoint.h"
#include "probe/facts.h"
#include "probe/ntp/ntp.h"
#include "probe/plan.h"
#include "probe/protocol_dispatch.h"

namespace orchard::probe {
namespace {

constexpr int kKindCount = static_cast<int>(CheckKind::kQuic) + 1;

TEST(Kinds, EveryCheckKindHasExactlyOneRowInEnumOrder) {
  ASSERT_EQ(Kinds().size(), static_cast<size_t>(kKindCount));
  for (int i = 0; i < kKindCount; ++i) {
    auto kind = static_cast<CheckKind>(i);
    EXPECT_EQ(Kinds()[i].kind, kind) << i;
    EXPECT_EQ(&KindOf(kind), &Kinds()[i]) << i;
  }
}

TEST(Kinds, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> seen;
  for (const KindSpec& row : Kinds()) {
    EXPECT_FALSE(row.name.empty());
    EXPECT_TRUE(seen.insert(row.name).second) << row.name;
    EXPECT_EQ(ToString(row.kind), row.name);
    EXPECT_EQ(CheckKindFromString(row.name), row.kind) << row.name;
  }
  EXPECT_EQ(ToString(static_cast<CheckKind>(kKindCount)), "unknown");
  EXPECT_FALSE(CheckKindFromString("nope"));
  EXPECT_FALSE(CheckKindFromString(""));
}

// A kind's timeout reason is a timeout (IsTimeout) where its protocol has one. The kinds whose
// exchange has no timeout reason of its own fail a late answer as "no valid answer"; they are
// listed here, so a new kind has to choose.
TEST(Kinds, EveryTimeoutReasonIsATimeoutOrDocumented) {
  const std::set<Reason> documented = {Reason::kTlsHandshakeFailed, Reason::kHttpUnexpected,
                                       Reason::kOcspBadResponse, Reason::kCrlBad,
                                       Reason::kSshNoBanner};
  for (const KindSpec& row : Kinds()) {
    EXPECT_TRUE(IsTimeout(row.timeout) || documented.contains(row.timeout))
        << row.name << ": " << ToString(row.timeout);
    EXPECT_EQ(TimeoutReason(row.kind), row.timeout);
  }
}

TEST(Kinds, RunnersMatchTheirTransport) {
  for (const KindSpec& row : Kinds()) {
    if (row.over_udp != nullptr) {
      EXPECT_EQ(row.transport, catalog::Transport::kUdp) << row.name;
      // The dispatcher tries the next address while a UDP runner reports its timeout reason.
      EXPECT_TRUE(IsTimeout(row.timeout)) << row.name;
    }
    if (row.over_tcp != nullptr) {
      EXPECT_EQ(row.transport, catalog::Transport::kTcp) << row.name;
    }
    EXPECT_FALSE(row.over_tcp != nullptr && row.over_udp != nullptr) << row.name;
    // A kind that claims ports runs something there.
    if (!row.ports.empty()) {
      EXPECT_TRUE(row.over_tcp != nullptr || row.over_udp != nullptr) << row.name;
    }
  }
}

TEST(Kinds, NoTwoRowsClaimTheSamePortAndHint) {
  std::set<std::tuple<catalog::Transport, uint16_t, std::string_view>> claimed;
  for (const KindSpec& row : Kinds()) {
    for (uint16_t port : row.ports) {
      EXPECT_TRUE(claimed.emplace(row.transport, port, row.http_hint).second)
          << row.name << " port " << port;
    }
  }
}

TEST(Kinds, KindForReadsTheTable) {
  auto kind_for = [](catalog::Transport transport, uint16_t port, std::string hint = "") {
    catalog::Endpoint row;
    row.transport = transport;
    row.hints.http_check = std::move(hint);
    return KindFor(row, port);
  };
  using catalog::Transport;
  EXPECT_EQ(kind_for(Transport::kUdp, 123), CheckKind::kNtp);
  EXPECT_EQ(kind_for(Transport::kUdp, 443), CheckKind::kQuic);
  EXPECT_EQ(kind_for(Transport::kUdp, 53), CheckKind::kDns);
  EXPECT_EQ(kind_for(Transport::kTcp, 22), CheckKind::kSsh);
  EXPECT_EQ(kind_for(Transport::kTcp, 123), CheckKind::kTcp);
  for (uint16_t port : {443, 5223, 2197})
    EXPECT_EQ(kind_for(Transport::kTcp, port), CheckKind::kTls);
  EXPECT_EQ(kind_for(Transport::kTcp, 443, "ocsp"), CheckKind::kTls);
  EXPECT_EQ(kind_for(Transport::kTcp, 80), CheckKind::kHttp);
  EXPECT_EQ(kind_for(Transport::kTcp, 80, "ocsp"), CheckKind::kOcsp);
  EXPECT_EQ(kind_for(Transport::kTcp, 80, "crl"), CheckKind::kCrl);
  EXPECT_EQ(kind_for(Transport::kTcp, 80, "captive"), CheckKind::kCaptive);
  EXPECT_EQ(kind_for(Transport::kTcp, 80, "something"), CheckKind::kHttp);
  EXPECT_EQ(kind_for(Transport::kTcp, 8080), CheckKind::kTcp);
}

TEST(Kinds, DispatchSupportsKindsThatNeedTrustOnlyWithATrustStore) {
  SystemClock clock;
  ProtocolDispatch without_trust(clock);
  for (const KindSpec& row : Kinds()) {
    EXPECT_EQ(without_trust.Supports(row.kind), !row.needs_trust) << row.name;
  }
}

TEST(Facts, KeysAreUniqueAndInTheDocumentsOrder) {
  std::vector<std::string_view> keys;
  for (const FactsSpec& facts : Facts()) keys.push_back(facts.key);
  EXPECT_EQ(keys, (std::vector<std::string_view>{"tls", "http", "ntp", "udp"}));
}

CheckResult WithEveryFact() {
  CheckResult r;
  r.tls = TlsFacts{"TLSv1.3",
                   "TLS_AES_128_GCM_SHA256",
                   "CN=leaf",
                   "CN=issuer",
                   "2030-01-01T00:00:00Z",
                   1893456000,
                   "CN=root",
                   {"CN=leaf", "CN=issuer"},
                   true,
                   false,
                   "",
                   "unable to get local issuer certificate",
                   true,
                   "O=Box, CN=Box CA",
                   true};
  r.http = HttpFacts{302, "text/html", "nginx", "http://example.test/"};
  r.ntp = NtpFacts{12.5, 3.25, 2};
  r.udp = UdpFacts{3, 1};
  return r;
}

TEST(Facts, EveryRowRoundTripsThroughItsJson) {
  const CheckResult full = WithEveryFact();
  for (const FactsSpec& facts : Facts()) {
    ASSERT_TRUE(facts.present(full)) << facts.key;
    EXPECT_FALSE(facts.present(CheckResult{})) << facts.key;
    boost::json::object encoded = facts.encode(full);
    JsonReader in;
    CheckResult decoded;
    facts.decode(in, encoded, "r", decoded);
    ASSERT_TRUE(in.ok()) << in.error().message();
    ASSERT_TRUE(facts.present(decoded)) << facts.key;
    EXPECT_EQ(facts.encode(decoded), encoded) << facts.key;
  }
}

TEST(Facts, DecodingNamesTheFailingPath) {
  for (const FactsSpec& facts : Facts()) {
    boost::json::object encoded = facts.encode(WithEveryFact());
    ASSERT_FALSE(encoded.empty());
    const std::string first_key(encoded.begin()->key());
    encoded[first_key] = boost::json::array{};  // every row's first field is a scalar
    JsonReader in;
    CheckResult decoded;
    facts.decode(in, encoded, "results[0]." + std::string(facts.key), decoded);
    ASSERT_FALSE(in.ok()) << facts.key;
    EXPECT_NE(in.error().message().find("results[0]." + std::string(facts.key) + "." + first_key),
              std::string::npos)
        << in.error().message();
  }
}

TEST(Facts, FoldCopiesOnlyWhatTheOutcomeHas) {
  const CheckResult full = WithEveryFact();
  ProtocolOutcome outcome = Passed("ok");
  outcome.tls = full.tls;
  outcome.ntp = full.ntp;
  CheckResult r;
  r.http = HttpFacts{200, "", "", ""};
  for (const FactsSpec& facts : Facts()) facts.fold(outcome, r);
  EXPECT_TRUE(r.tls);
  EXPECT_TRUE(r.ntp);
  EXPECT_FALSE(r.udp);
  ASSERT_TRUE(r.http);
  EXPECT_EQ(r.http->status, 200);
}

TEST(Facts, GaugesAreNamedOnceAndValuesPointAtThem) {
  std::set<std::string_view> names;
  const CheckResult full = WithEveryFact();
  for (const FactsSpec& facts : Facts()) {
    for (const GaugeSpec& gauge : facts.gauges) {
      EXPECT_TRUE(gauge.name.starts_with("orchard_")) << gauge.name;
      EXPECT_FALSE(gauge.help.empty()) << gauge.name;
      EXPECT_TRUE(names.insert(gauge.name).second) << gauge.name;
    }
    std::vector<GaugeValue> values;
    facts.gauge_values(full, values);
    for (const GaugeValue& v : values) EXPECT_LT(v.gauge, facts.gauges.size()) << facts.key;
    values.clear();
    facts.gauge_values(CheckResult{}, values);
    EXPECT_TRUE(values.empty()) << facts.key;
  }
}

}  // namespace
}  // namespace orchard::probe
