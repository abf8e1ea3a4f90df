#include "proxy/pac_result.h"

#include <fmt/format.h>

#include <charconv>

#include "base/strings.h"
#include "proxy/host_match.h"

namespace orchard::proxy {
namespace {

tl::unexpected<Error> Bad(std::string_view answer, std::string_view why) {
  return MakeError(ErrorCode::kParse, fmt::format("PAC answer \"{}\": {}", answer, why));
}

}  // namespace

std::string PacChoice::ToString() const {
  const char* word = "DIRECT";
  switch (kind) {
    case Kind::kDirect:
      return "DIRECT";
    case Kind::kProxy:
      word = "PROXY";
      break;
    case Kind::kHttps:
      word = "HTTPS";
      break;
    case Kind::kSocks:
      word = "SOCKS";
      break;
    case Kind::kSocks4:
      word = "SOCKS4";
      break;
    case Kind::kSocks5:
      word = "SOCKS5";
      break;
  }
  if (host.find(':') != std::string::npos) return fmt::format("{} [{}]:{}", word, host, port);
  return fmt::format("{} {}:{}", word, host, port);
}

Result<std::vector<PacChoice>> ParsePacAnswer(std::string_view answer) {
  std::vector<PacChoice> choices;
  std::string_view rest = answer;
  while (true) {
    auto semi = rest.find(';');
    std::string_view entry = Trim(rest.substr(0, semi));
    if (!entry.empty()) {
      auto space = entry.find_first_of(" \t");
      std::string keyword = AsciiUpper(entry.substr(0, space));
      std::string_view address =
          space == std::string_view::npos ? std::string_view() : Trim(entry.substr(space));
      PacChoice choice;
      uint16_t default_port = 80;
      if (keyword == "DIRECT") {
        if (!address.empty()) return Bad(answer, "DIRECT takes no address");
        choices.push_back(choice);
      } else {
        if (keyword == "PROXY" || keyword == "HTTP") {
          choice.kind = PacChoice::Kind::kProxy;
        } else if (keyword == "HTTPS") {
          choice.kind = PacChoice::Kind::kHttps;
          default_port = 443;
        } else if (keyword == "SOCKS") {
          choice.kind = PacChoice::Kind::kSocks;
          default_port = 1080;
        } else if (keyword == "SOCKS4") {
          choice.kind = PacChoice::Kind::kSocks4;
          default_port = 1080;
        } else if (keyword == "SOCKS5") {
          choice.kind = PacChoice::Kind::kSocks5;
          default_port = 1080;
        } else {
          return Bad(answer, fmt::format("unknown keyword \"{}\"", keyword));
        }
        if (address.empty()) return Bad(answer, fmt::format("{} without host:port", keyword));
        std::string_view host = address;
        std::string_view port_text;
        bool has_port = false;
        if (address.starts_with("[")) {
          auto close = address.find(']');
          if (close == std::string_view::npos) return Bad(answer, "unclosed [");
          host = address.substr(1, close - 1);
          std::string_view after = address.substr(close + 1);
          if (!after.empty()) {
            if (!after.starts_with(":")) return Bad(answer, "junk after ]");
            port_text = after.substr(1);
            has_port = true;
          }
        } else if (auto colon = address.rfind(':'); colon != std::string_view::npos) {
          if (address.find(':') != colon) return Bad(answer, "IPv6 proxy address needs [brackets]");
          host = address.substr(0, colon);
          port_text = address.substr(colon + 1);
          has_port = true;
        }
        if (host.empty() || host.find_first_of(" \t/") != std::string_view::npos) {
          return Bad(answer, fmt::format("bad proxy address \"{}\"", address));
        }
        choice.host = std::string(host);
        choice.port = default_port;
        if (has_port) {
          unsigned port = 0;
          auto [end, ec] =
              std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
          if (port_text.empty() || ec != std::errc() ||
              end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
            return Bad(answer, fmt::format("bad port in \"{}\"", address));
          }
          choice.port = static_cast<uint16_t>(port);
        }
        choices.push_back(std::move(choice));
      }
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  if (choices.empty()) choices.push_back(PacChoice{});
  return choices;
}

}  // namespace orchard::proxy
