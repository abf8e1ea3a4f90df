#pragma once

#include <string>
#include <vector>

#include "probe/result.h"

// Crafted results for the rule tests.
namespace orchard::diagnose::testing {

inline probe::CheckResult Row(std::string category, std::string host, uint16_t port,
                              probe::Status status = probe::Status::kPass,
                              probe::Reason reason = probe::Reason::kOk,
                              std::string transport = "tcp") {
  probe::CheckResult r;
  r.row_id = category + "/" + host;
  r.category = std::move(category);
  r.host = std::move(host);
  r.target = r.host;
  r.port = port;
  r.transport = std::move(transport);
  r.check = port == 443 ? probe::CheckKind::kTls : probe::CheckKind::kTcp;
  r.status = status;
  r.reason = reason;
  r.timings.total = 20;
  return r;
}

inline probe::CheckResult Fail(std::string category, std::string host, uint16_t port,
                               probe::Reason reason, std::string transport = "tcp") {
  return Row(std::move(category), std::move(host), port, probe::Status::kFail, reason,
             std::move(transport));
}

// A healthy network's worth of passing rows, to make failures "partial".
inline std::vector<probe::CheckResult> Healthy() {
  return {Row("apple-id", "idmsa.apple.com", 443),
          Row("apple-id", "gsa.apple.com", 443),
          Row("device-setup", "albert.apple.com", 443),
          Row("mdm", "deviceenrollment.apple.com", 443),
          Row("app-store", "itunes.apple.com", 443),
          Row("software-updates", "swscan.apple.com", 443),
          Row("device-setup", "captive.apple.com", 80)};
}

}  // namespace orchard::diagnose::testing
