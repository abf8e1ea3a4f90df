#include "host/scutil_proxy.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

// A flattened dictionary: "HTTPProxy" -> "p", "ExceptionsList/0" -> "*.local".
struct Flat {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> arrays;
};

Result<Flat> Flatten(std::string_view text) {
  Flat flat;
  std::vector<std::string> path;  // open containers' keys ("" for the root)
  std::vector<bool> is_array;
  int line_no = 0;
  bool saw_root = false;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    auto bad = [&](std::string_view why) {
      return MakeError(ErrorCode::kParse, fmt::format("scutil --proxy:{}: {}", line_no, why));
    };
    if (line == "}") {
      if (path.empty()) return bad("unbalanced }");
      path.pop_back();
      is_array.pop_back();
      continue;
    }
    if (!saw_root) {
      if (line != "<dictionary> {") return bad("expected \"<dictionary> {\"");
      saw_root = true;
      path.push_back("");
      is_array.push_back(false);
      continue;
    }
    if (path.empty()) return bad("text after the closing }");
    auto colon = line.find(" : ");
    if (colon == std::string_view::npos)
      return bad(fmt::format("expected \"key : value\", got \"{}\"", line));
    std::string key(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 3));
    std::string full = path.size() == 1 ? key : path.back() + "/" + key;
    if (value == "<dictionary> {" || value == "<array> {") {
      path.push_back(full);
      is_array.push_back(value == "<array> {");
      continue;
    }
    if (is_array.back()) {
      flat.arrays[path.back()].push_back(std::string(value));
    } else {
      flat.values[full] = std::string(value);
    }
  }
  if (!saw_root) return MakeError(ErrorCode::kParse, "scutil --proxy: empty output");
  if (!path.empty()) return MakeError(ErrorCode::kParse, "scutil --proxy: unterminated dictionary");
  return flat;
}

bool Flag(const Flat& flat, const std::string& key) {
  auto it = flat.values.find(key);
  return it != flat.values.end() && it->second == "1";
}

Result<std::optional<SystemProxyServer>> Server(const Flat& flat, const std::string& prefix) {
  if (!Flag(flat, prefix + "Enable")) return std::optional<SystemProxyServer>();
  auto host = flat.values.find(prefix + "Proxy");
  if (host == flat.values.end() || host->second.empty()) {
    return MakeError(
        ErrorCode::kParse,
        fmt::format("scutil --proxy: {}Enable is 1 but {}Proxy is missing", prefix, prefix));
  }
  SystemProxyServer server{host->second, 0};
  auto port = flat.values.find(prefix + "Port");
  if (port == flat.values.end()) {
    return MakeError(
        ErrorCode::kParse,
        fmt::format("scutil --proxy: {}Enable is 1 but {}Port is missing", prefix, prefix));
  }
  unsigned value = 0;
  auto [end, ec] =
      std::from_chars(port->second.data(), port->second.data() + port->second.size(), value);
  if (ec != std::errc() || end != port->second.data() + port->second.size() || value == 0 ||
      value > 65535) {
    return MakeError(ErrorCode::kParse, fmt::format("scutil --proxy: {}Port \"{}\" is not a port",
                                                    prefix, port->second));
  }
  server.port = static_cast<uint16_t>(value);
  return std::optional<SystemProxyServer>(server);
}

}  // namespace

std::string ServerName(const std::optional<SystemProxyServer>& server) {
  if (!server) return "";
  if (server->host.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", server->host, server->port);
  }
  return fmt::format("{}:{}", server->host, server->port);
}

Result<SystemProxySettings> ParseScutilProxy(std::string_view text) {
  auto flat = Flatten(text);
  if (!flat) return tl::unexpected(flat.error());
  SystemProxySettings settings;
  for (auto [prefix, slot] :
       {std::pair{"HTTP", &settings.http}, std::pair{"HTTPS", &settings.https},
        std::pair{"SOCKS", &settings.socks}}) {
    auto server = Server(*flat, prefix);
    if (!server) return tl::unexpected(server.error());
    *slot = *server;
  }
  if (Flag(*flat, "ProxyAutoConfigEnable")) {
    auto url = flat->values.find("ProxyAutoConfigURLString");
    if (url != flat->values.end()) settings.pac_url = url->second;
  }
  settings.auto_discovery = Flag(*flat, "ProxyAutoDiscoveryEnable");
  settings.exclude_simple_hostnames = Flag(*flat, "ExcludeSimpleHostnames");
  if (auto it = flat->arrays.find("ExceptionsList"); it != flat->arrays.end()) {
    settings.exceptions = it->second;
  }
  return settings;
}

}  // namespace orchard::host
