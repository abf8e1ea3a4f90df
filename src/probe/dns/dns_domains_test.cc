#include "probe/dns/dns_domains.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace orchard::probe {
namespace {

// Answers every name with one address and records the names it was asked.
class NamedResolver final : public Resolver {
 public:
  explicit NamedResolver(std::string address) : address_(std::move(address)) {}
  boost::asio::awaitable<DnsAnswer> Resolve(std::string name, AddressFamilies, Deadline) override {
    asked.push_back(name);
    DnsAnswer answer;
    answer.status = DnsStatus::kOk;
    answer.cname_chain = {name};
    answer.addresses = {boost::asio::ip::make_address(address_)};
    co_return answer;
  }
  std::vector<std::string> asked;

 private:
  std::string address_;
};

DnsAnswer Lookup(Resolver& resolver, const std::string& name) {
  boost::asio::io_context io;
  DnsAnswer out;
  boost::asio::co_spawn(
      io,
      resolver.Resolve(name, AddressFamilies::kBoth,
                       std::chrono::steady_clock::now() + std::chrono::seconds(1)),
      [&](std::exception_ptr, DnsAnswer a) { out = std::move(a); });
  io.run();
  return out;
}

std::vector<DomainRoute> Routes(std::vector<std::string> domains) {
  std::vector<DomainRoute> out;
  for (auto& d : domains) out.push_back({d, nullptr, d});
  return out;
}

TEST(DomainRoutes, TheLongestDomainCoveringTheNameWins) {
  auto routes = Routes({"corp.example", "vpn.corp.example", "example"});
  EXPECT_EQ(RouteFor(routes, "intranet.corp.example"), std::optional<size_t>(0));
  EXPECT_EQ(RouteFor(routes, "a.VPN.corp.example."), std::optional<size_t>(1));
  EXPECT_EQ(RouteFor(routes, "corp.example"), std::optional<size_t>(0));
  EXPECT_EQ(RouteFor(routes, "other.example"), std::optional<size_t>(2));
  // A label boundary, not a suffix: notcorp.example is not in corp.example.
  EXPECT_EQ(RouteFor(Routes({"corp.example"}), "notcorp.example"), std::nullopt);
  EXPECT_EQ(RouteFor(Routes({"corp.example"}), "gs.apple.com"), std::nullopt);
  EXPECT_EQ(RouteFor(Routes({""}), "gs.apple.com"), std::nullopt);
}

TEST(DomainResolver, SendsEachNameToTheResolverMacOsWouldAsk) {
  NamedResolver fallback("192.0.2.1");
  auto vpn = std::make_unique<NamedResolver>("10.8.0.7");
  NamedResolver* vpn_view = vpn.get();
  std::vector<DomainRoute> routes;
  routes.push_back({"corp.example", std::move(vpn), "10.8.0.1 (corp.example, utun3)"});
  DomainResolver resolver(fallback, std::move(routes));

  DnsAnswer inside = Lookup(resolver, "mdm.corp.example");
  ASSERT_EQ(inside.addresses.size(), 1u);
  EXPECT_EQ(inside.addresses[0].to_string(), "10.8.0.7");
  EXPECT_EQ(inside.resolver, "10.8.0.1 (corp.example, utun3)");
  DnsAnswer outside = Lookup(resolver, "gs.apple.com");
  EXPECT_EQ(outside.addresses[0].to_string(), "192.0.2.1");
  EXPECT_EQ(outside.resolver, "");
  EXPECT_EQ(vpn_view->asked, std::vector<std::string>{"mdm.corp.example"});
  EXPECT_EQ(fallback.asked, std::vector<std::string>{"gs.apple.com"});
}

}  // namespace
}  // namespace orchard::probe
