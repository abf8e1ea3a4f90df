#pragma once

#include "results/document.h"
#include "support/check_results.h"

// Results documents for the tests of what reads them (serve, report, generate).
namespace orchard::testing {

// A small run: one pass, one intercepted TLS failure, one NTP row, one diagnosis.
inline results::CheckDocument SampleDocument() {
  results::CheckDocument doc;
  doc.run.orchard_version = "test";
  probe::CheckResult ok =
      MakeResult("idmsa.apple.com", 443).Category("apple-id").Kind(probe::CheckKind::kTls).Took(15);
  ok.timings.dns = 2;
  ok.timings.connect = 3;
  ok.timings.tls = 10;
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

  probe::CheckResult ntp = MakeResult("time.apple.com", 123)
                               .Category("device-setup")
                               .Transport("udp")
                               .Kind(probe::CheckKind::kNtp)
                               .Fail(probe::Reason::kClockSkew)
                               .Took(7);
  ntp.ntp = probe::NtpFacts{-3600000, 5, 2};
  doc.results.push_back(ntp);

  diagnose::Diagnosis d;
  d.id = "tls-interception";
  d.severity = diagnose::Severity::kHigh;
  d.title = "HTTPS inspection";
  doc.diagnoses.push_back(d);
  return doc;
}

}  // namespace orchard::testing
