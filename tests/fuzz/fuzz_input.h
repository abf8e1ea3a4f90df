#pragma once
// Splits a libFuzzer input into the pieces a target needs: a selector byte that picks one of a
// target's parsers, and NUL-separated strings. Every byte string is a valid input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orchard::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  // The first byte modulo `choices` (0 when the input is empty); consumes it.
  unsigned Select(unsigned choices) {
    if (rest_.empty() || choices == 0) return 0;
    unsigned pick = static_cast<unsigned char>(rest_.front()) % choices;
    rest_.remove_prefix(1);
    return pick;
  }

  // Up to the next NUL (consumed) or the end.
  std::string_view Next() {
    size_t nul = rest_.find('\0');
    std::string_view piece = rest_.substr(0, nul);
    rest_.remove_prefix(nul == std::string_view::npos ? rest_.size() : nul + 1);
    return piece;
  }

  std::string_view Rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace orchard::fuzz
