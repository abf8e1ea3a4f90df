#include "probe/connect_to.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <cctype>
#include <charconv>
#include <vector>

#include "base/strings.h"

namespace orchard::probe {
namespace asio = boost::asio;

namespace {

struct Field {
  std::string text;
  bool bracketed = false;  // was "[...]": an IPv6 literal
};

// Splits on ':' outside brackets; strips the brackets.
std::optional<std::vector<Field>> SplitFields(std::string_view text) {
  std::vector<Field> fields(1);
  bool bracket = false;
  for (char c : text) {
    if (c == '[' && !bracket && fields.back().text.empty() && !fields.back().bracketed) {
      bracket = true;
      fields.back().bracketed = true;
    } else if (c == ']' && bracket) {
      bracket = false;
    } else if (c == ':' && !bracket) {
      fields.emplace_back();
    } else {
      fields.back().text.push_back(c);
    }
  }
  if (bracket) return std::nullopt;
  return fields;
}

// A DNS name as a rule may give it: letters, digits, '-', '_' and non-empty dot-separated
// labels, so that nothing else (a newline, a '*' in the middle) ends up in a rule that
// silently matches nothing.
bool IsHostName(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.front() == '.') return false;
  size_t label = 0;
  for (char c : name) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    if (++label > 63) return false;
  }
  return true;
}

bool IsIpLiteral(const std::string& text, bool v6_only) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(text, ec);
  return !ec && (!v6_only || address.is_v6());
}

// Why a CIDR HOST is unusable, or "" when it is fine. Host bits must be clear: "17.0.0.1/8"
// is a typo for a network or for one address, and orchard will not guess which.
std::string CidrProblem(const std::string& cidr) {
  auto slash = cidr.find('/');
  boost::system::error_code ec;
  auto base = asio::ip::make_address(cidr.substr(0, slash), ec);
  unsigned bits = 0;
  auto tail = std::string_view(cidr).substr(slash + 1);
  auto [end, err] = std::from_chars(tail.data(), tail.data() + tail.size(), bits);
  if (ec || err != std::errc() || end != tail.data() + tail.size() ||
      bits > (base.is_v4() ? 32u : 128u)) {
    return "bad CIDR";
  }
  bool v4 = base.is_v4();
  auto prefix = static_cast<unsigned short>(bits);
  auto network =
      v4 ? asio::ip::address(asio::ip::make_network_v4(base.to_v4(), prefix).canonical().address())
         : asio::ip::address(asio::ip::make_network_v6(base.to_v6(), prefix).canonical().address());
  if (network != base) {
    return "bad CIDR: host bits set (the network is " + network.to_string() + "/" +
           std::to_string(bits) + ")";
  }
  return "";
}

// Why HOST cannot match anything, or "" when it is fine.
std::string HostProblem(const Field& host) {
  if (host.text.empty() && !host.bracketed) return "";
  if (host.text.find('/') != std::string::npos) return CidrProblem(host.text);
  if (host.bracketed) return IsIpLiteral(host.text, true) ? "" : "'[...]' holds no IPv6 address";
  if (host.text.find('*') != std::string::npos) {
    if (host.text.starts_with("*.") && IsHostName(host.text.substr(2))) return "";
    return "'*' goes only at the start, as in *.apple.com (an empty HOST matches every host)";
  }
  if (IsIpLiteral(host.text, false) || IsHostName(host.text)) return "";
  return "bad HOST: not a name, IP address or CIDR";
}

// An empty field means "any"/"same": true with `port` left empty.
bool ParsePort(const std::string& text, std::optional<uint16_t>& port) {
  port.reset();
  if (text.empty()) return true;
  unsigned value = 0;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return false;
  }
  port = static_cast<uint16_t>(value);
  return true;
}

}  // namespace

Result<ConnectToRule> ParseConnectTo(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return MakeError(ErrorCode::kUsage, "--connect-to " + std::string(text) + ": " +
                                            std::string(why) + " (HOST:PORT:ADDRESS:PORT)");
  };
  auto fields = SplitFields(text);
  if (!fields) return bad("unclosed '['");
  if (fields->size() != 4) return bad("needs four ':'-separated fields");
  ConnectToRule rule;
  rule.text = std::string(text);
  Field host = (*fields)[0];
  host.text = CanonicalHostName(host.text);
  if (auto problem = HostProblem(host); !problem.empty()) return bad(problem);
  rule.host = host.text;
  const Field& address = (*fields)[2];
  if (address.bracketed ? !IsIpLiteral(address.text, true)
                        : !address.text.empty() && !IsIpLiteral(address.text, false) &&
                              !IsHostName(address.text)) {
    return bad("bad ADDRESS: not a name or IP address");
  }
  rule.address = address.text;
  if (!ParsePort((*fields)[1].text, rule.port) || !ParsePort((*fields)[3].text, rule.to_port)) {
    return bad("bad port");
  }
  return rule;
}

bool CidrContains(std::string_view cidr, std::string_view address) {
  auto slash = cidr.find('/');
  if (slash == std::string_view::npos) return false;
  boost::system::error_code ec;
  auto base = asio::ip::make_address(std::string(cidr.substr(0, slash)), ec);
  if (ec) return false;
  auto addr = asio::ip::make_address(std::string(address), ec);
  if (ec || base.is_v4() != addr.is_v4()) return false;
  unsigned bits = 0;
  auto tail = cidr.substr(slash + 1);
  auto [end, err] = std::from_chars(tail.data(), tail.data() + tail.size(), bits);
  if (err != std::errc() || end != tail.data() + tail.size()) return false;
  try {
    if (base.is_v4()) {
      if (bits > 32) return false;
      auto net = asio::ip::make_network_v4(base.to_v4(), static_cast<unsigned short>(bits));
      auto one = asio::ip::make_network_v4(addr.to_v4(), 32);
      return one.is_subnet_of(net) || one.canonical() == net.canonical();
    }
    if (bits > 128) return false;
    auto net = asio::ip::make_network_v6(base.to_v6(), static_cast<unsigned short>(bits));
    auto one = asio::ip::make_network_v6(addr.to_v6(), 128);
    return one.is_subnet_of(net) || one.canonical() == net.canonical();
  } catch (const std::exception&) {
    return false;
  }
}

bool Matches(const ConnectToRule& rule, std::string_view row_host, std::string_view target,
             uint16_t port) {
  if (rule.port && *rule.port != port) return false;
  if (rule.host.empty()) return true;
  const std::string host = CanonicalHostName(row_host);
  const std::string name = CanonicalHostName(target);
  if (rule.host == host || rule.host == name) return true;
  if (rule.host.find('/') != std::string::npos) return CidrContains(rule.host, name);
  if (rule.host.starts_with("*.")) {
    std::string_view suffix = std::string_view(rule.host).substr(1);  // ".push.apple.com"
    return name.size() > suffix.size() && name.ends_with(suffix);
  }
  return false;
}

}  // namespace orchard::probe
