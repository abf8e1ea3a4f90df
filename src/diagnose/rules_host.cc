// What the Mac itself says, joined with what the network did: a system extension waiting for
// someone to allow it, and one that cannot activate while certificate validation is blocked.
#include <fmt/format.h>

#include <algorithm>

#include "diagnose/rules.h"
#include "probe/tls_x509.h"

namespace orchard::diagnose {
namespace {

// Symantec Endpoint Protection's team IDs: Symantec's, and Broadcom's for newer builds.
bool IsSep(const host::SystemExtension& e) {
  return e.team_id == "9PTGMPNXZ2" || e.team_id == "Y2CCP3S9W7" ||
         e.bundle_id.starts_with("com.symantec.") || e.bundle_id.starts_with("com.broadcom.");
}

std::string NameOf(const host::SystemExtension& e) {
  return e.name.empty() ? e.bundle_id : fmt::format("{} ({})", e.name, e.bundle_id);
}

const std::vector<host::SystemExtension>* Extensions(const Context& ctx) {
  const host::HostFacts* facts = ctx.options().host;
  if (facts == nullptr || !facts->system_extensions) return nullptr;
  return &*facts->system_extensions;
}

}  // namespace

std::optional<Diagnosis> ExtensionWaitingForUser(Context& ctx) {
  const auto* extensions = Extensions(ctx);
  if (extensions == nullptr) return std::nullopt;
  std::vector<const host::SystemExtension*> waiting;
  for (const auto& e : *extensions) {
    if (e.WaitingForUser()) waiting.push_back(&e);
  }
  if (waiting.empty()) return std::nullopt;
  const bool sep = std::any_of(waiting.begin(), waiting.end(), [](auto* e) { return IsSep(*e); });
  Diagnosis d;
  d.id = "system-extension-waiting";
  d.severity = sep ? Severity::kCritical : Severity::kHigh;
  std::string names, teams;
  for (const auto* e : waiting) {
    names += (names.empty() ? "" : ", ") + NameOf(*e);
    teams += fmt::format("{}{} ({})", teams.empty() ? "" : "; ", e->team_id, e->bundle_id);
  }
  d.title = waiting.size() == 1
                ? fmt::format("{} is waiting for someone to allow it", NameOf(*waiting.front()))
                : fmt::format("{} system extensions are waiting for someone to allow them",
                              waiting.size());
  d.explanation = fmt::format(
      "systemextensionsctl reports {} as \"activated waiting for user\": macOS will not run it "
      "until it is allowed in System Settings > Privacy & Security, and no System Extension "
      "policy on this Mac pre-approves its team (with one, macOS would not ask).{}",
      names,
      sep ? " Symantec Endpoint Protection stays unprotected until then: its network and file "
            "protection run in that extension."
          : "");
  d.remedy = fmt::format(
      "Push a configuration profile with a System Extensions payload "
      "(com.apple.system-extension-policy) that allows team ID {} (AllowedTeamIdentifiers, or "
      "AllowedSystemExtensions for the bundle), from an MDM the Mac is enrolled in with user "
      "approval.{}",
      teams,
      sep ? " For SEP, Broadcom KB 176222 lists the rest to pre-approve in the same profile: the "
            "network content filter, full disk access and notifications."
          : "");
  d.impact = sep ? 850 : 500;
  return d;
}

std::string InterceptorsFromKeychain(const Context& ctx,
                                     const std::vector<std::string>& interceptors) {
  const host::HostFacts* facts = ctx.options().host;
  if (facts == nullptr || !facts->system_keychain_pem) return "";
  auto certs = probe::ParseCertificates(*facts->system_keychain_pem, "System keychain");
  if (!certs) return "";
  std::vector<std::string> found;
  for (const auto& cert : *certs) {
    const std::string name = probe::DisplayName(X509_get_subject_name(cert.get()));
    if (std::find(interceptors.begin(), interceptors.end(), name) != interceptors.end() &&
        std::find(found.begin(), found.end(), name) == found.end()) {
      found.push_back(name);
    }
  }
  if (found.empty()) return "";
  std::string names;
  for (size_t i = 0; i < found.size(); ++i) names += fmt::format("{}'{}'", i ? ", " : "", found[i]);
  return fmt::format(
      " The inspection CA {} is in this Mac's System keychain, where MDM profiles install "
      "certificates: the inspection is the organisation's own, so the fix is in its inspection "
      "policy, not on the Mac.",
      names);
}

std::string ExtensionsBlockedByValidation(const Context& ctx) {
  const auto* extensions = Extensions(ctx);
  if (extensions == nullptr) return "";
  std::string names;
  for (const auto& e : *extensions) {
    if (e.state == "activated enabled") continue;
    names += fmt::format("{}{} is \"{}\"", names.empty() ? "" : ", ", NameOf(e), e.state);
  }
  if (names.empty()) return "";
  return fmt::format(
      " On this Mac {}: it cannot finish activating while macOS cannot check its signature.",
      names);
}

}  // namespace orchard::diagnose
