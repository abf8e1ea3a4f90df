#include "probe/facts.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "base/json.h"

namespace orchard::probe {
namespace {

namespace json = boost::json;

json::value Number(double ms) {
  if (!std::isfinite(ms)) return nullptr;
  return ms;
}

// ---- tls ----

json::object EncodeTls(const CheckResult& r) {
  const TlsFacts& t = *r.tls;
  return {{"version", t.version},
          {"cipher", t.cipher},
          {"leaf_subject", t.leaf_subject},
          {"leaf_issuer", t.leaf_issuer},
          {"leaf_not_after", t.leaf_not_after},
          {"leaf_not_after_unix", t.leaf_not_after_unix},
          {"root_subject", t.root_subject},
          {"chain", JsonStrings(t.chain)},
          {"platform_trusted", t.platform_trusted},
          {"genuine_trusted", t.genuine_trusted},
          {"verify_error", t.verify_error},
          {"genuine_verify_error", t.genuine_verify_error},
          {"intercepted", t.intercepted},
          {"interceptor", t.interceptor},
          {"interceptor_os_trusted", t.interceptor_os_trusted}};
}

void DecodeTls(JsonReader& in, const json::object& t, const std::string& tp, CheckResult& r) {
  TlsFacts f;
  f.version = in.String(t, "version", tp + ".version");
  f.cipher = in.String(t, "cipher", tp + ".cipher");
  f.leaf_subject = in.String(t, "leaf_subject", tp + ".leaf_subject");
  f.leaf_issuer = in.String(t, "leaf_issuer", tp + ".leaf_issuer");
  f.leaf_not_after = in.String(t, "leaf_not_after", tp + ".leaf_not_after");
  f.leaf_not_after_unix =
      in.Integer(t, "leaf_not_after_unix", tp + ".leaf_not_after_unix",
                 std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
  f.root_subject = in.String(t, "root_subject", tp + ".root_subject");
  f.chain = in.Strings(t, "chain", tp + ".chain");
  f.platform_trusted = in.Bool(t, "platform_trusted", tp + ".platform_trusted");
  f.genuine_trusted = in.Bool(t, "genuine_trusted", tp + ".genuine_trusted");
  f.verify_error = in.String(t, "verify_error", tp + ".verify_error");
  f.genuine_verify_error = in.String(t, "genuine_verify_error", tp + ".genuine_verify_error");
  f.intercepted = in.Bool(t, "intercepted", tp + ".intercepted");
  f.interceptor = in.String(t, "interceptor", tp + ".interceptor");
  f.interceptor_os_trusted = in.Bool(t, "interceptor_os_trusted", tp + ".interceptor_os_trusted");
  r.tls = std::move(f);
}

void TlsText(const CheckResult& r, std::vector<FactsLine>& out) {
  if (!r.tls) return;
  const TlsFacts& t = *r.tls;
  std::string tls = fmt::format("{} {}, issuer {}", t.version, t.cipher, t.leaf_issuer);
  if (t.intercepted) {
    tls += fmt::format(", INTERCEPTED by {} ({} by the OS)", t.interceptor,
                       t.interceptor_os_trusted ? "trusted" : "not trusted");
  }
  if (!t.verify_error.empty()) tls += ", verify: " + t.verify_error;
  out.push_back({"tls", std::move(tls)});
}

void TlsHtml(const CheckResult& r, std::vector<std::string>& out) {
  if (!r.tls) return;
  const TlsFacts& t = *r.tls;
  out.push_back(
      fmt::format("{} {}; leaf {}; issuer {}", t.version, t.cipher, t.leaf_subject, t.leaf_issuer));
  if (t.intercepted) {
    out.push_back(fmt::format("intercepted by {} ({} by this machine)", t.interceptor,
                              t.interceptor_os_trusted ? "trusted" : "not trusted"));
  }
  if (!t.verify_error.empty()) out.push_back("verification: " + t.verify_error);
}

void TlsJunit(const CheckResult& r, std::vector<std::string>& out) {
  if (r.tls && !r.tls->leaf_issuer.empty()) out.push_back("tls issuer: " + r.tls->leaf_issuer);
}

constexpr GaugeSpec kTlsGauges[] = {
    {"orchard_tls_intercepted", "1 when an HTTPS-inspecting device re-signed the TLS connection"},
    {"orchard_tls_cert_expiry_timestamp_seconds",
     "notAfter of the leaf certificate the server sent, Unix time"},
};

void TlsGauges(const CheckResult& r, std::vector<GaugeValue>& out) {
  if (!r.tls) return;
  out.push_back({0, "interceptor", r.tls->interceptor, r.tls->intercepted ? 1.0 : 0.0});
  if (r.tls->leaf_not_after_unix > 0) {
    out.push_back({1, "", "", static_cast<double>(r.tls->leaf_not_after_unix)});
  }
}

// ---- http ----

json::object EncodeHttp(const CheckResult& r) {
  return {{"status", r.http->status},
          {"content_type", r.http->content_type},
          {"server", r.http->server},
          {"location", r.http->location}};
}

void DecodeHttp(JsonReader& in, const json::object& h, const std::string& hp, CheckResult& r) {
  HttpFacts f;
  f.status = static_cast<int>(in.Integer(h, "status", hp + ".status", 0, 999));
  f.content_type = in.String(h, "content_type", hp + ".content_type");
  f.server = in.String(h, "server", hp + ".server");
  f.location = in.String(h, "location", hp + ".location");
  r.http = std::move(f);
}

void HttpText(const CheckResult& r, std::vector<FactsLine>& out) {
  if (r.http)
    out.push_back({"http", fmt::format("status {} {}", r.http->status, r.http->location)});
}

void HttpHtml(const CheckResult& r, std::vector<std::string>& out) {
  if (r.http) out.push_back(fmt::format("HTTP {} {}", r.http->status, r.http->location));
}

// ---- ntp ----

json::object EncodeNtp(const CheckResult& r) {
  return {{"offset_ms", Number(r.ntp->offset_ms)},
          {"delay_ms", Number(r.ntp->delay_ms)},
          {"stratum", r.ntp->stratum}};
}

void DecodeNtp(JsonReader& in, const json::object& n, const std::string& np, CheckResult& r) {
  NtpFacts f;
  f.offset_ms = in.Double(n, "offset_ms", np + ".offset_ms").value_or(0);
  f.delay_ms = in.Double(n, "delay_ms", np + ".delay_ms").value_or(0);
  f.stratum = static_cast<int>(in.Integer(n, "stratum", np + ".stratum", 0, 255));
  r.ntp = f;
}

void NtpText(const CheckResult& r, std::vector<FactsLine>& out) {
  if (!r.ntp) return;
  out.push_back({"ntp", fmt::format("offset {:.1f} ms, delay {:.1f} ms, stratum {}",
                                    r.ntp->offset_ms, r.ntp->delay_ms, r.ntp->stratum)});
}

void NtpHtml(const CheckResult& r, std::vector<std::string>& out) {
  if (!r.ntp) return;
  out.push_back(fmt::format("NTP offset {:.1f} ms, delay {:.1f} ms, stratum {}", r.ntp->offset_ms,
                            r.ntp->delay_ms, r.ntp->stratum));
}

constexpr GaugeSpec kNtpGauges[] = {
    {"orchard_ntp_offset_seconds",
     "Local clock offset against the NTP server (positive: local is behind)"},
};

void NtpGauges(const CheckResult& r, std::vector<GaugeValue>& out) {
  if (r.ntp) out.push_back({0, "", "", r.ntp->offset_ms / 1000.0});
}

// ---- udp ----

json::object EncodeUdp(const CheckResult& r) {
  return {{"datagrams_sent", r.udp->datagrams_sent},
          {"datagrams_answered", r.udp->datagrams_answered}};
}

void DecodeUdp(JsonReader& in, const json::object& u, const std::string& up, CheckResult& r) {
  UdpFacts f;
  f.datagrams_sent =
      static_cast<int>(in.Integer(u, "datagrams_sent", up + ".datagrams_sent", 0, 1000));
  f.datagrams_answered =
      static_cast<int>(in.Integer(u, "datagrams_answered", up + ".datagrams_answered", 0, 1000));
  r.udp = f;
}

void UdpText(const CheckResult& r, std::vector<FactsLine>& out) {
  if (!r.udp) return;
  out.push_back({"datagrams", fmt::format("{} sent, {} answered", r.udp->datagrams_sent,
                                          r.udp->datagrams_answered)});
}

// ---- shared ----

template <auto Field>
bool Has(const CheckResult& r) {
  return (r.*Field).has_value();
}

template <auto ResultField, auto OutcomeField>
void Copy(const ProtocolOutcome& outcome, CheckResult& r) {
  if (outcome.*OutcomeField) r.*ResultField = outcome.*OutcomeField;
}

void None(const CheckResult&, std::vector<std::string>&) {}
void NoGauges(const CheckResult&, std::vector<GaugeValue>&) {}

constexpr FactsSpec kFacts[] = {
    {"tls", true, Has<&CheckResult::tls>, EncodeTls, DecodeTls,
     Copy<&CheckResult::tls, &ProtocolOutcome::tls>, TlsText, TlsHtml, TlsJunit, kTlsGauges,
     TlsGauges},
    {"http",
     true,
     Has<&CheckResult::http>,
     EncodeHttp,
     DecodeHttp,
     Copy<&CheckResult::http, &ProtocolOutcome::http>,
     HttpText,
     HttpHtml,
     None,
     {},
     NoGauges},
    {"ntp", true, Has<&CheckResult::ntp>, EncodeNtp, DecodeNtp,
     Copy<&CheckResult::ntp, &ProtocolOutcome::ntp>, NtpText, NtpHtml, None, kNtpGauges, NtpGauges},
    // Only on UDP checks that sent datagrams; the HTML and JUnit reports leave the counts out.
    {"udp",
     false,
     Has<&CheckResult::udp>,
     EncodeUdp,
     DecodeUdp,
     Copy<&CheckResult::udp, &ProtocolOutcome::udp>,
     UdpText,
     None,
     None,
     {},
     NoGauges},
};

}  // namespace

std::span<const FactsSpec> Facts() { return kFacts; }

}  // namespace orchard::probe
