#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "probe/result.h"

// The one way tests make probe::CheckResult rows:
//   MakeResult("ocsp.apple.com", 80).Category("certificate-validation").Fail(Reason::kTcpTimeout)
// converts to a CheckResult with host = target = "ocsp.apple.com", transport "tcp", status pass
// unless set, and every other field as CheckResult leaves it.
namespace orchard::testing {

class ResultBuilder {
 public:
  ResultBuilder(std::string host, uint16_t port) {
    r_.host = std::move(host);
    r_.target = r_.host;
    r_.port = port;
    r_.transport = "tcp";
    r_.status = probe::Status::kPass;
  }
  // The category, and the row id "category/host" the catalog would give.
  ResultBuilder& Category(std::string category) {
    r_.category = std::move(category);
    r_.row_id = r_.category + "/" + r_.host;
    return *this;
  }
  ResultBuilder& RowId(std::string row_id) { return Set(&probe::CheckResult::row_id, row_id); }
  // The name or address probed, when it is not the catalog's host pattern.
  ResultBuilder& Target(std::string target) { return Set(&probe::CheckResult::target, target); }
  ResultBuilder& Transport(std::string transport) {
    return Set(&probe::CheckResult::transport, transport);
  }
  ResultBuilder& ProxySupport(std::string support) {
    return Set(&probe::CheckResult::proxy_support, support);
  }
  ResultBuilder& Kind(probe::CheckKind kind) { return Set(&probe::CheckResult::check, kind); }
  ResultBuilder& Status(probe::Status status, probe::Reason reason) {
    r_.status = status;
    r_.reason = reason;
    return *this;
  }
  ResultBuilder& Pass() { return Status(probe::Status::kPass, probe::Reason::kOk); }
  ResultBuilder& Fail(probe::Reason reason) { return Status(probe::Status::kFail, reason); }
  ResultBuilder& Warn(probe::Reason reason) { return Status(probe::Status::kWarn, reason); }
  ResultBuilder& Detail(std::string detail) { return Set(&probe::CheckResult::detail, detail); }
  // timings.total, in milliseconds.
  ResultBuilder& Took(double total_ms) {
    r_.timings.total = total_ms;
    return *this;
  }
  // Checked through the proxy "host:port" rather than directly.
  ResultBuilder& ViaProxy(std::string proxy) {
    r_.route.kind = "proxy";
    r_.route.proxy = std::move(proxy);
    return *this;
  }

  const probe::CheckResult& Build() const { return r_; }
  operator probe::CheckResult() const { return r_; }  // NOLINT: a builder converts implicitly

 private:
  template <class T, class V>
  ResultBuilder& Set(T probe::CheckResult::*field, V& value) {
    r_.*field = std::move(value);
    return *this;
  }

  probe::CheckResult r_;
};

inline ResultBuilder MakeResult(std::string host, uint16_t port) {
  return ResultBuilder(std::move(host), port);
}

// A catalog row's check as the rule tests write it: TLS on 443, TCP elsewhere, 20 ms.
inline probe::CheckResult Row(std::string category, std::string host, uint16_t port,
                              probe::Status status = probe::Status::kPass,
                              probe::Reason reason = probe::Reason::kOk,
                              std::string transport = "tcp") {
  return MakeResult(std::move(host), port)
      .Category(std::move(category))
      .Transport(std::move(transport))
      .Kind(port == 443 ? probe::CheckKind::kTls : probe::CheckKind::kTcp)
      .Status(status, reason)
      .Took(20);
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

}  // namespace orchard::testing
