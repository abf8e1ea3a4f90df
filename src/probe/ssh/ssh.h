#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// SSH identification string (RFC 4253 section 4.2): the server's first line "SSH-2.0-..."
// ("SSH-1.99-..." for servers that also speak SSH 1), possibly after other lines of text.
namespace orchard::probe {

// How much we read before giving up on finding a banner (RFC 4253 caps the line at 255 bytes;
// some servers print a short greeting before it).
inline constexpr std::size_t kSshMaxPreamble = 8192;

enum class SshBannerState {
  kNeedMore,  // no complete identification line yet
  kBanner,    // found an SSH-2.0 / SSH-1.99 identification line
  kBad,       // definitely not an SSH 2 server (another protocol, SSH 1 only, or too long)
};

struct SshBannerParse {
  SshBannerState state = SshBannerState::kNeedMore;
  std::string text;  // the identification line without CR LF, or a printable excerpt of what came
};

// Looks for the identification line in the bytes received so far. `eof` says the peer closed:
// then kNeedMore becomes kBad. Safe on any input.
SshBannerParse ParseSshBanner(std::string_view received, bool eof);

}  // namespace orchard::probe
