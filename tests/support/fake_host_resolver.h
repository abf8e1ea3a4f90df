#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "generate/resolver.h"

// A generate::HostResolver for tests.
namespace orchard::testing {

// Answers from a table; names missing from it do not exist. Not thread-safe.
class FakeHostResolver final : public generate::HostResolver {
 public:
  explicit FakeHostResolver(std::map<std::string, std::vector<std::string>> answers)
      : answers_(std::move(answers)) {}
  Result<std::vector<std::string>> Resolve(const std::string& name) override {
    queries_.push_back(name);
    auto it = answers_.find(name);
    if (it == answers_.end()) return MakeError(ErrorCode::kIo, "no such host");
    return it->second;
  }
  const std::vector<std::string>& queries() const { return queries_; }

 private:
  std::map<std::string, std::vector<std::string>> answers_;
  std::vector<std::string> queries_;
};

}  // namespace orchard::testing
