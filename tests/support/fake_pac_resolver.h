#pragma once

#include <map>
#include <string>
#include <vector>

#include "proxy/pac_host.h"

namespace orchard::testing {

// A resolver that answers from a table, for PAC tests.
class FakePacHostResolver final : public proxy::PacHostResolver {
 public:
  std::map<std::string, std::vector<std::string>, std::less<>> table;
  std::string my_ip = "10.20.30.40";
  std::vector<std::string> Resolve(std::string_view host) override {
    auto it = table.find(host);
    return it == table.end() ? std::vector<std::string>{} : it->second;
  }
  std::string MyIpAddress() override { return my_ip; }
};

}  // namespace orchard::testing
