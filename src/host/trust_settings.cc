#include "host/trust_settings.h"

#include <fmt/format.h>

#include <optional>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr std::string_view kTool = "security dump-trust-settings";

// Checks that the certificate just finished listed as many settings as it declared.
Result<void> CheckSettings(const TrustedCert* cert, int seen, int line) {
  if (cert && seen != cert->trust_settings) {
    return LineError(kTool, line,
                     fmt::format("\"{}\" declares {} trust setting(s) but lists {} (cut short?)",
                                 cert->name, cert->trust_settings, seen));
  }
  return {};
}

}  // namespace

bool SaysNoTrustSettings(std::string_view text) {
  return text.find("No Trust Settings were found") != std::string_view::npos;
}

Result<std::vector<TrustedCert>> ParseTrustSettings(std::string_view text) {
  std::vector<TrustedCert> certs;
  std::optional<unsigned long> declared;
  TrustedCert* cert = nullptr;
  int settings_seen = 0;
  bool settings_declared = false;
  int last = 0;
  for (const Line& line : SplitLines(text)) {
    last = line.number;
    std::string_view body = Trim(line.text);
    if (body.empty()) continue;
    if (!declared) {
      if (SaysNoTrustSettings(body)) return certs;
      constexpr std::string_view kHeader = "Number of trusted certs = ";
      if (body.starts_with(kHeader)) declared = ParseUnsigned(body.substr(kHeader.size()));
      if (!declared) {
        return LineError(kTool, line.number,
                         fmt::format("expected \"Number of trusted certs = N\", got \"{}\"", body));
      }
      continue;
    }
    if (body.starts_with("Cert ")) {
      auto colon = body.find(':');
      auto index =
          colon == std::string_view::npos ? std::nullopt : ParseUnsigned(body.substr(5, colon - 5));
      if (!index || *index != certs.size()) {
        return LineError(kTool, line.number,
                         fmt::format("expected \"Cert {}: NAME\", got \"{}\"", certs.size(), body));
      }
      if (cert && !settings_declared)
        return LineError(kTool, line.number,
                         fmt::format("\"{}\" has no trust settings count", cert->name));
      if (auto ok = CheckSettings(cert, settings_seen, line.number); !ok)
        return tl::unexpected(ok.error());
      cert = &certs.emplace_back();
      cert->name = Trim(body.substr(colon + 1));
      settings_seen = 0;
      settings_declared = false;
      continue;
    }
    if (!cert)
      return LineError(kTool, line.number, fmt::format("\"{}\" before any \"Cert 0:\"", body));
    if (body.starts_with("Trust Setting ") && body.back() == ':') {
      auto index = ParseUnsigned(body.substr(14, body.size() - 15));
      if (!settings_declared || !index || *index != static_cast<unsigned long>(settings_seen) ||
          settings_seen >= cert->trust_settings) {
        return LineError(kTool, line.number, fmt::format("unexpected \"{}\"", body));
      }
      ++settings_seen;
      continue;
    }
    auto kv = SplitKeyValue(body);
    if (!kv || kv->second.empty()) {
      return LineError(kTool, line.number,
                       fmt::format("expected \"key : value\", got \"{}\"", body));
    }
    if (kv->first == "Number of trust settings") {
      auto count = ParseUnsigned(kv->second);
      if (!count || settings_declared) {
        return LineError(kTool, line.number, fmt::format("bad trust settings count \"{}\"", body));
      }
      cert->trust_settings = static_cast<int>(*count);
      settings_declared = true;
    } else if (settings_seen == 0) {
      return LineError(kTool, line.number,
                       fmt::format("\"{}\" outside a \"Trust Setting N:\"", body));
    } else if (kv->first == "Policy OID") {
      cert->policies.emplace_back(kv->second);
    } else if (kv->first == "Result Type") {
      cert->results.emplace_back(kv->second);
    }
  }
  if (!declared) return LineError(kTool, 1, "empty output (no \"Number of trusted certs\")");
  if (cert && !settings_declared)
    return LineError(kTool, last + 1,
                     fmt::format("\"{}\" has no trust settings count (cut short?)", cert->name));
  if (auto ok = CheckSettings(cert, settings_seen, last + 1); !ok)
    return tl::unexpected(ok.error());
  if (certs.size() != *declared) {
    return LineError(kTool, last + 1,
                     fmt::format("declares {} trusted cert(s) but lists {} (cut short?)", *declared,
                                 certs.size()));
  }
  return certs;
}

}  // namespace orchard::host
