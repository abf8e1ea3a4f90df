#pragma once

#include <string_view>

namespace orchard::proxy {

// The PAC helper functions (isPlainHostName ... timeRange, plus the Microsoft IPv6 "Ex"
// variants) in JavaScript, as browsers ship them. They reach the host only through four
// bindings the evaluator installs: __orchard_resolve(host) -> array of address strings,
// __orchard_my_ip() -> string, __orchard_now_ms() -> number and
// __orchard_utc_offset_min(ms) -> number (the Clock seam and the local time zone).
std::string_view PacLibrarySource();

}  // namespace orchard::proxy
