#include "probe/dns/dns.h"

#include <gtest/gtest.h>

#include <vector>

#include "probe/dns/dns_cares.h"
#include "probe/dns/dns_message.h"

namespace orchard::probe {
namespace {

using boost::asio::ip::make_address;

DnsAnswer Answer(DnsStatus status, std::vector<std::string> addresses = {}) {
  DnsAnswer a;
  a.status = status;
  for (const auto& s : addresses) a.addresses.push_back(make_address(s));
  return a;
}

TEST(Dns, SinkholeAddresses) {
  EXPECT_TRUE(IsSinkhole(make_address("0.0.0.0")));
  EXPECT_TRUE(IsSinkhole(make_address("127.0.0.1")));
  EXPECT_TRUE(IsSinkhole(make_address("::")));
  EXPECT_TRUE(IsSinkhole(make_address("::1")));
  EXPECT_FALSE(IsSinkhole(make_address("17.253.144.10")));
  EXPECT_FALSE(IsSinkhole(make_address("2a01:b740::1")));
}

TEST(Dns, JudgeNamesEveryFailure) {
  EXPECT_EQ(JudgeDns("x", Answer(DnsStatus::kNxdomain)).reason, Reason::kDnsNxdomain);
  EXPECT_EQ(JudgeDns("x", Answer(DnsStatus::kNodata)).reason, Reason::kDnsNodata);
  EXPECT_EQ(JudgeDns("x", Answer(DnsStatus::kServfail)).reason, Reason::kDnsServfail);
  EXPECT_EQ(JudgeDns("x", Answer(DnsStatus::kRefused)).reason, Reason::kDnsRefused);
  EXPECT_EQ(JudgeDns("x", Answer(DnsStatus::kTimeout)).reason, Reason::kDnsTimeout);
  auto ok = JudgeDns("x", Answer(DnsStatus::kOk, {"17.1.1.1"}));
  EXPECT_EQ(ok.reason, Reason::kOk);
  EXPECT_NE(ok.detail.find("17.1.1.1"), std::string::npos);
}

TEST(Dns, JudgeFlagsAnySinkholeAnswer) {
  auto v = JudgeDns("ocsp.apple.com", Answer(DnsStatus::kOk, {"17.1.1.1", "0.0.0.0"}));
  EXPECT_EQ(v.reason, Reason::kDnsSinkhole);
  EXPECT_NE(v.detail.find("0.0.0.0"), std::string::npos);
  EXPECT_EQ(JudgeDns("x", Answer(DnsStatus::kOk, {"::"})).reason, Reason::kDnsSinkhole);
}

TEST(Dns, CombineKeepsAddressesOfBothFamilies) {
  auto both = CombineFamilies(Answer(DnsStatus::kOk, {"17.1.1.1"}),
                              Answer(DnsStatus::kOk, {"2a01:b740::1"}));
  EXPECT_EQ(both.status, DnsStatus::kOk);
  EXPECT_EQ(both.addresses.size(), 2u);
  auto v4only = CombineFamilies(Answer(DnsStatus::kOk, {"17.1.1.1"}), Answer(DnsStatus::kNodata));
  EXPECT_EQ(v4only.status, DnsStatus::kOk);
  auto v6only = CombineFamilies(Answer(DnsStatus::kTimeout), Answer(DnsStatus::kOk, {"::2"}));
  EXPECT_EQ(v6only.status, DnsStatus::kOk);
}

TEST(Dns, CombinePicksTheTellingFailure) {
  EXPECT_EQ(CombineFamilies(Answer(DnsStatus::kNodata), Answer(DnsStatus::kNxdomain)).status,
            DnsStatus::kNxdomain);
  EXPECT_EQ(CombineFamilies(Answer(DnsStatus::kServfail), Answer(DnsStatus::kNodata)).status,
            DnsStatus::kServfail);
  EXPECT_EQ(CombineFamilies(Answer(DnsStatus::kNodata), Answer(DnsStatus::kRefused)).status,
            DnsStatus::kRefused);
  EXPECT_EQ(CombineFamilies(Answer(DnsStatus::kNodata), Answer(DnsStatus::kNodata)).status,
            DnsStatus::kNodata);
  EXPECT_EQ(CombineFamilies(Answer(DnsStatus::kTimeout), Answer(DnsStatus::kNodata)).status,
            DnsStatus::kTimeout);
}

TEST(Dns, ResolverAddressForms) {
  EXPECT_EQ(ParseResolverAddress("127.0.0.1").value(), "127.0.0.1:53");
  EXPECT_EQ(ParseResolverAddress("127.0.0.1:5353").value(), "127.0.0.1:5353");
  EXPECT_EQ(ParseResolverAddress("::1").value(), "[::1]:53");
  EXPECT_EQ(ParseResolverAddress("[::1]:5353").value(), "[::1]:5353");
  EXPECT_FALSE(ParseResolverAddress("dns.example:53"));
  EXPECT_FALSE(ParseResolverAddress("127.0.0.1:0"));
  EXPECT_FALSE(ParseResolverAddress("127.0.0.1:99999"));
  EXPECT_FALSE(ParseResolverAddress("[::1"));
  EXPECT_EQ(ParseResolverAddress("nonsense").error().code(), ErrorCode::kUsage);
}

// A hand-built response: header, the question, then answer records. Names use a compression
// pointer back to the question where the test says so.
class Message {
 public:
  Message(int rcode, std::string qname, uint16_t qtype) {
    bytes_ = {0x12, 0x34, 0x81, static_cast<unsigned char>(0x80 | rcode), 0, 1, 0, 0, 0, 0, 0, 0};
    Name(qname);
    Put16(qtype);
    Put16(1);
  }
  void Name(const std::string& name) {
    size_t start = 0;
    while (start < name.size()) {
      size_t dot = std::min(name.find('.', start), name.size());
      bytes_.push_back(static_cast<unsigned char>(dot - start));
      bytes_.insert(bytes_.end(), name.begin() + start, name.begin() + dot);
      start = dot + 1;
    }
    bytes_.push_back(0);
  }
  void Put16(uint16_t v) {
    bytes_.push_back(static_cast<unsigned char>(v >> 8));
    bytes_.push_back(static_cast<unsigned char>(v));
  }
  // owner: a name, or empty for a pointer to the question's name (offset 12).
  void Record(const std::string& owner, uint16_t type, std::vector<unsigned char> rdata) {
    if (owner.empty()) {
      bytes_.push_back(0xc0);
      bytes_.push_back(12);
    } else {
      Name(owner);
    }
    Put16(type);
    Put16(1);
    Put16(0);
    Put16(30);
    Put16(static_cast<uint16_t>(rdata.size()));
    bytes_.insert(bytes_.end(), rdata.begin(), rdata.end());
    ++bytes_[7];
  }
  static std::vector<unsigned char> Encoded(const std::string& name) {
    Message m(0, "", 0);
    size_t before = m.bytes_.size();
    m.Name(name);
    return {m.bytes_.begin() + before, m.bytes_.end()};
  }
  std::vector<unsigned char> bytes_;
};

TEST(DnsMessage, FollowsTheCnameChainToTheAddresses) {
  Message m(0, "ocsp.apple.com", kDnsTypeA);
  m.Record("", kDnsTypeCname, Message::Encoded("ocsp-a.g.aaplimg.com"));
  m.Record("ocsp-a.g.aaplimg.com", kDnsTypeCname, Message::Encoded("ocsp.edge.example"));
  m.Record("ocsp.edge.example", kDnsTypeA, {17, 253, 1, 2});
  m.Record("unrelated.example", kDnsTypeA, {9, 9, 9, 9});
  auto r = ParseDnsResponse(m.bytes_, "OCSP.apple.com.", kDnsTypeA);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->cname_chain, (std::vector<std::string>{"ocsp.apple.com", "ocsp-a.g.aaplimg.com",
                                                      "ocsp.edge.example"}));
  ASSERT_EQ(r->addresses.size(), 1u);
  EXPECT_EQ(r->addresses[0].to_string(), "17.253.1.2");
}

TEST(DnsMessage, ReadsAaaaAndRcode) {
  Message m(3, "gone.example", kDnsTypeAaaa);
  auto r = ParseDnsResponse(m.bytes_, "gone.example", kDnsTypeAaaa);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, 3);
  EXPECT_TRUE(r->addresses.empty());

  Message ok(0, "v6.example", kDnsTypeAaaa);
  std::vector<unsigned char> v6(16, 0);
  v6[0] = 0x2a;
  v6[15] = 1;
  ok.Record("", kDnsTypeAaaa, v6);
  auto r6 = ParseDnsResponse(ok.bytes_, "v6.example", kDnsTypeAaaa);
  ASSERT_TRUE(r6);
  ASSERT_EQ(r6->addresses.size(), 1u);
  EXPECT_EQ(r6->addresses[0].to_string(), "2a00::1");
}

TEST(DnsMessage, StopsAtACnameLoop) {
  Message m(0, "a.example", kDnsTypeA);
  m.Record("a.example", kDnsTypeCname, Message::Encoded("b.example"));
  m.Record("b.example", kDnsTypeCname, Message::Encoded("a.example"));
  auto r = ParseDnsResponse(m.bytes_, "a.example", kDnsTypeA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cname_chain, (std::vector<std::string>{"a.example", "b.example"}));
}

TEST(DnsMessage, RejectsEveryTruncation) {
  Message m(0, "ocsp.apple.com", kDnsTypeA);
  m.Record("", kDnsTypeCname, Message::Encoded("x.example"));
  m.Record("x.example", kDnsTypeA, {17, 1, 1, 1});
  ASSERT_TRUE(ParseDnsResponse(m.bytes_, "ocsp.apple.com", kDnsTypeA));
  for (size_t n = 0; n < m.bytes_.size(); ++n) {
    std::vector<unsigned char> cut(m.bytes_.begin(), m.bytes_.begin() + n);
    auto r = ParseDnsResponse(cut, "ocsp.apple.com", kDnsTypeA);
    EXPECT_FALSE(r) << "accepted a message cut to " << n << " bytes";
  }
}

TEST(DnsMessage, SurvivesAPointerLoop) {
  Message m(0, "a.example", kDnsTypeA);
  m.bytes_[7] = 1;  // one answer whose owner points at itself
  size_t at = m.bytes_.size();
  m.bytes_.push_back(0xc0);
  m.bytes_.push_back(static_cast<unsigned char>(at));
  m.bytes_.insert(m.bytes_.end(), {0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 1, 2, 3, 4});
  EXPECT_FALSE(ParseDnsResponse(m.bytes_, "a.example", kDnsTypeA));
}

}  // namespace
}  // namespace orchard::probe
