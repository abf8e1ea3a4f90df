#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "generate/resolver.h"

// For tests only: no production code includes this header.
namespace orchard::generate {

// Answers from a table; names missing from it do not exist. Not thread-safe.
class FakeResolver final : public HostResolver {
 public:
  explicit FakeResolver(std::map<std::string, std::vector<std::string>> answers)
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

}  // namespace orchard::generate
