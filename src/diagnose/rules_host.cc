// What the Mac itself says, joined with what the network did: a system extension waiting for
// someone to allow it (and whether an installed profile carries a System Extensions payload at
// all), one that cannot activate while certificate validation is blocked, and an inspection CA
// in the System keychain (and whether a profile installs certificates).
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "diagnose/rules.h"
#include "probe/tls/tls_x509.h"

namespace orchard::diagnose {
namespace {

constexpr std::string_view kSystemExtensionPolicy = "com.apple.system-extension-policy";

// What Broadcom KB 176222 says SEP needs pre-approved besides its system extension, as the
// payload types that carry each.
struct Approval {
  std::string_view what;
  std::string_view payload_type;
};
constexpr Approval kSepAlsoNeeds[] = {
    {"the network content filter", "com.apple.webcontent-filter"},
    {"full disk access", "com.apple.TCC.configuration-profile-policy"},
    {"notifications", "com.apple.notificationsettings"},
};

// Symantec Endpoint Protection's team IDs: Symantec's, and Broadcom's for newer builds.
bool IsSep(const host::SystemExtension& e) {
  return e.team_id == "9PTGMPNXZ2" || e.team_id == "Y2CCP3S9W7" ||
         e.bundle_id.starts_with("com.symantec.") || e.bundle_id.starts_with("com.broadcom.");
}

std::string NameOf(const host::SystemExtension& e) {
  return e.name.empty() ? e.bundle_id : fmt::format("{} ({})", e.name, e.bundle_id);
}

std::string NameOf(const host::ConfigurationProfile& p) {
  return p.display_name.empty() ? p.identifier
                                : fmt::format("'{}' ({})", p.display_name, p.identifier);
}

const std::vector<host::SystemExtension>* Extensions(const Context& ctx) {
  const host::HostFacts* facts = ctx.options().host;
  if (facts == nullptr || !facts->system_extensions) return nullptr;
  return &*facts->system_extensions;
}

// The installed profiles, or nullptr when they were not read.
const std::vector<host::ConfigurationProfile>* Profiles(const Context& ctx) {
  const host::HostFacts* facts = ctx.options().host;
  if (facts == nullptr || !facts->configuration_profiles) return nullptr;
  return &*facts->configuration_profiles;
}

// "'A' (a), b": the profiles carrying any of `types`.
std::string ProfilesCarrying(const std::vector<host::ConfigurationProfile>& profiles,
                             std::initializer_list<std::string_view> types) {
  std::string names;
  for (const auto& p : profiles) {
    if (std::any_of(types.begin(), types.end(), [&](auto type) { return p.Carries(type); })) {
      names += (names.empty() ? "" : ", ") + NameOf(p);
    }
  }
  return names;
}

// Why macOS asks, as far as the profiles tell, for the explanation.
std::string WhyItWaits(const Context& ctx) {
  const auto* profiles = Profiles(ctx);
  if (profiles == nullptr) {
    return "no System Extension policy on this Mac pre-approves its team (with one, macOS would "
           "not ask)";
  }
  const std::string policies = ProfilesCarrying(*profiles, {kSystemExtensionPolicy});
  if (policies.empty()) {
    return fmt::format(
        "none of the {} configuration profiles installed on this Mac carries a System Extensions "
        "payload ({}), so nothing pre-approves its team",
        profiles->size(), kSystemExtensionPolicy);
  }
  return fmt::format(
      "{} carries a System Extensions payload ({}) that evidently does not allow it, or not its "
      "type of extension: on macOS 11.3 and later, installing one that does finishes the "
      "activation without asking",
      policies, kSystemExtensionPolicy);
}

// Where the policy must come from, and what stands in the way, for the remedy.
std::string WhereThePolicyGoes(const Context& ctx, const std::string& teams) {
  const auto* profiles = Profiles(ctx);
  const std::string policies =
      profiles == nullptr ? "" : ProfilesCarrying(*profiles, {kSystemExtensionPolicy});
  std::string out =
      policies.empty()
          ? fmt::format(
                "Push a configuration profile with a System Extensions payload ({}) that allows "
                "team ID {} (AllowedTeamIdentifiers, or AllowedSystemExtensions for the bundle)",
                kSystemExtensionPolicy, teams)
          : fmt::format(
                "Allow team ID {} in the System Extensions payload of {} "
                "(AllowedTeamIdentifiers, or AllowedSystemExtensions for the bundle; and "
                "AllowedSystemExtensionTypes, if it limits the team's types), or push another "
                "profile with one that does",
                teams, policies);
  const host::HostFacts* facts = ctx.options().host;
  if (facts != nullptr && facts->mdm && !facts->mdm->enrolled) {
    return out +
           ". This Mac is not enrolled in an MDM: macOS accepts that payload only from an "
           "MDM enrolled with user approval, so enrol it first.";
  }
  if (facts != nullptr && facts->mdm && !facts->mdm->user_approved) {
    return out +
           ". This Mac's MDM enrolment is not user approved, and macOS accepts that payload "
           "only from a user-approved MDM: approve the enrolment first (System Settings > "
           "Privacy & Security > Profiles).";
  }
  return out + ", from an MDM the Mac is enrolled in with user approval.";
}

// For SEP: what else Broadcom KB 176222 lists, naming what no installed profile carries when
// the profiles were read.
std::string SepAlsoNeeds(const Context& ctx) {
  const auto* profiles = Profiles(ctx);
  if (profiles == nullptr) {
    return " For SEP, Broadcom KB 176222 lists the rest to pre-approve in the same profile: the "
           "network content filter, full disk access and notifications.";
  }
  std::string missing;
  for (const Approval& a : kSepAlsoNeeds) {
    if (!ProfilesCarrying(*profiles, {a.payload_type}).empty()) continue;
    missing += fmt::format("{}{} ({})", missing.empty() ? "" : ", ", a.what, a.payload_type);
  }
  if (missing.empty()) return "";
  return " For SEP, Broadcom KB 176222 lists more to pre-approve, and no installed profile "
         "carries it yet: " +
         missing + ".";
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
      "until it is allowed in System Settings > Privacy & Security, and {}.{}",
      names, WhyItWaits(ctx),
      sep ? " Symantec Endpoint Protection stays unprotected until then: its network and file "
            "protection run in that extension."
          : "");
  d.remedy = WhereThePolicyGoes(ctx, teams) + (sep ? SepAlsoNeeds(ctx) : "");
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
  const auto* profiles = Profiles(ctx);
  // The payloads that put a certificate in the System keychain.
  const std::string installers =
      profiles == nullptr
          ? ""
          : ProfilesCarrying(*profiles, {"com.apple.security.root", "com.apple.security.pkcs1",
                                         "com.apple.security.pem", "com.apple.security.pkcs12"});
  if (profiles != nullptr && installers.empty()) {
    return fmt::format(
        " The inspection CA {} is in this Mac's System keychain, but none of its {} configuration "
        "profiles carries a certificate payload: it was added outside the MDM (by hand, or by an "
        "installer). Find out who inspects this Mac's traffic before trusting it.",
        names, profiles->size());
  }
  return fmt::format(
      " The inspection CA {} is in this Mac's System keychain, where MDM profiles install "
      "certificates{}: the inspection is the organisation's own, so the fix is in its inspection "
      "policy, not on the Mac.",
      names,
      installers.empty() ? "" : fmt::format(" (here {} carry certificate payloads)", installers));
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
