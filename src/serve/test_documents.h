#pragma once

#include "results/document.h"

namespace orchard::serve::testing {

// A small run: one pass, one intercepted TLS failure, one NTP row, one diagnosis.
inline results::CheckDocument SampleDocument() {
  results::CheckDocument doc;
  doc.run.orchard_version = "test";
  probe::CheckResult ok;
  ok.row_id = "apple-id/idmsa.apple.com";
  ok.category = "apple-id";
  ok.host = "idmsa.apple.com";
  ok.target = "idmsa.apple.com";
  ok.port = 443;
  ok.transport = "tcp";
  ok.check = probe::CheckKind::kTls;
  ok.status = probe::Status::kPass;
  ok.reason = probe::Reason::kOk;
  ok.timings.dns = 2;
  ok.timings.connect = 3;
  ok.timings.tls = 10;
  ok.timings.total = 15;
  ok.tls = probe::TlsFacts{};
  ok.tls->leaf_not_after_unix = 1800000000;
  doc.results.push_back(ok);

  probe::CheckResult bad = ok;
  bad.row_id = "icloud/*.icloud.com";
  bad.category = "icloud";
  bad.host = "*.icloud.com";
  bad.target = "www.icloud.com";
  bad.status = probe::Status::kFail;
  bad.reason = probe::Reason::kTlsIntercepted;
  bad.tls->intercepted = true;
  bad.tls->interceptor = "Corp Proxy CA\n\x01";
  doc.results.push_back(bad);

  probe::CheckResult ntp;
  ntp.row_id = "device-setup/time.apple.com";
  ntp.category = "device-setup";
  ntp.host = "time.apple.com";
  ntp.target = "time.apple.com";
  ntp.port = 123;
  ntp.transport = "udp";
  ntp.check = probe::CheckKind::kNtp;
  ntp.status = probe::Status::kFail;
  ntp.reason = probe::Reason::kClockSkew;
  ntp.ntp = probe::NtpFacts{-3600000, 5, 2};
  ntp.timings.total = 7;
  doc.results.push_back(ntp);

  diagnose::Diagnosis d;
  d.id = "tls-interception";
  d.severity = diagnose::Severity::kHigh;
  d.title = "HTTPS inspection";
  doc.diagnoses.push_back(d);
  return doc;
}

}  // namespace orchard::serve::testing
