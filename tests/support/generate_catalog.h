#pragma once

// A small fixed catalog for the generator tests: one of each kind of row the real catalog has
// (names, wildcards, a CIDR, UDP, SSH, the APNs note, a host listed in two sections, names under
// a wildcard, third-party hosts).

#include <string>
#include <vector>

#include "catalog/endpoint.h"
#include "generate/allowlist.h"
#include "support/endpoints.h"

namespace orchard::testing {

inline catalog::Endpoint EndpointRow(std::string category, std::string host,
                                     std::vector<uint16_t> ports, catalog::ProxySupport proxy,
                                     std::string description,
                                     catalog::Transport transport = catalog::Transport::kTcp) {
  const std::string section = "Section for " + category;
  catalog::Endpoint e =
      MakeEndpoint(std::move(category), std::move(host), std::move(ports), transport);
  e.protocol = transport == catalog::Transport::kUdp ? "UDP" : "TCP";
  e.os = {"macOS"};
  e.description = std::move(description);
  e.proxy = proxy;
  e.section = section;
  e.origin = "fixture.toml:" + e.id;
  return e;
}

inline std::vector<catalog::Endpoint> FixtureEndpoints() {
  using catalog::ProxySupport;
  using catalog::Transport;
  std::vector<catalog::Endpoint> rows = {
      EndpointRow("certificate-validation", "ocsp.apple.com", {80}, ProxySupport::kNo,
                  "Certificate validation"),
      EndpointRow("certificate-validation", "ocsp2.apple.com", {443}, ProxySupport::kNo,
                  "Certificate validation"),
      EndpointRow("certificate-validation", "valid.apple.com", {443}, ProxySupport::kYes,
                  "Certificate validation"),
      EndpointRow("certificate-validation", "crl3.digicert.com", {80}, ProxySupport::kNo,
                  "Certificate validation"),
      EndpointRow("mdm", "*.push.apple.com", {443, 80, 5223, 2197}, ProxySupport::kNote,
                  "Push notifications"),
      EndpointRow("mdm", "gdmf.apple.com", {443}, ProxySupport::kYes, "Used by an MDM server"),
      EndpointRow("software-updates", "gdmf.apple.com", {443}, ProxySupport::kNo,
                  "Software update catalog"),
      EndpointRow("device-setup", "time.apple.com", {123}, ProxySupport::kNo, "Date and time",
                  Transport::kUdp),
      EndpointRow("notarization", "17.248.128.0/18", {443}, ProxySupport::kNo, "Ticket delivery"),
      EndpointRow("icloud", "*.cdn-apple.com", {443}, ProxySupport::kNo, "iCloud services"),
      EndpointRow("apple-id", "appleid.cdn-apple.com", {443}, ProxySupport::kYes,
                  "Apple ID authentication"),
      EndpointRow("icloud", "*.icloud.com", {443}, ProxySupport::kNo, "iCloud services"),
      EndpointRow("mdm", "setup.icloud.com", {443}, ProxySupport::kNo,
                  "Managed Apple ID on Shared iPad"),
      EndpointRow("icloud", "mask.icloud.com", {443}, ProxySupport::kNo, "iCloud Private Relay",
                  Transport::kUdp),
      EndpointRow("school-business-manager", "upload.appleschoolcontent.com", {22},
                  ProxySupport::kYes, "SFTP uploads"),
  };
  rows[4].proxy_note = "Learn more about APNs and proxies.";
  rows[4].hints.representative_host = "1-courier.push.apple.com";
  rows[14].protocol = "SSH";
  return rows;
}

inline generate::Allowlist FixtureList() {
  generate::Allowlist list;
  list.rows = *generate::RowsFromEndpoints(FixtureEndpoints());
  list.provenance.command = "orchard allowlist --format test";
  list.provenance.catalog_source = "Use Apple products on enterprise networks";
  list.provenance.catalog_date = "2024-05-01";
  list.provenance.selection = "every row";
  return list;
}

}  // namespace orchard::testing
