#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace orchard::probe {

// A short printable excerpt of untrusted bytes for a detail line: control and non-ASCII bytes
// escaped, cut at `max` characters with "..." appended.
std::string PrintableExcerpt(std::string_view bytes, std::size_t max = 60);

}  // namespace orchard::probe
