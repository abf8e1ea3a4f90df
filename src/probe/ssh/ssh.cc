#include "probe/ssh/ssh.h"

#include "probe/excerpt.h"

namespace orchard::probe {
namespace {

constexpr std::size_t kMaxLine = 255;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

SshBannerParse ParseSshBanner(std::string_view received, bool eof) {
  std::size_t start = 0;
  while (start < received.size()) {
    const std::size_t nl = received.find('\n', start);
    std::string_view line =
        received.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    const bool complete = nl != std::string_view::npos;
    if (!complete && !eof) {
      // A partial line: it may still become a banner unless it cannot be one.
      if (line.size() > kMaxLine) return {SshBannerState::kBad, PrintableExcerpt(line)};
      if (start + line.size() >= kSshMaxPreamble) {
        return {SshBannerState::kBad, PrintableExcerpt(received)};
      }
      return {SshBannerState::kNeedMore, {}};
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (StartsWith(line, "SSH-")) {
      if (line.size() > kMaxLine) return {SshBannerState::kBad, PrintableExcerpt(line)};
      if (StartsWith(line, "SSH-2.0-") || StartsWith(line, "SSH-1.99-")) {
        return {SshBannerState::kBanner, PrintableExcerpt(line, kMaxLine)};
      }
      return {SshBannerState::kBad, "server speaks only " + PrintableExcerpt(line)};
    }
    // Lines before the banner are allowed by RFC 4253, but a proxy or web server answering is
    // not SSH: an HTTP status line is a definite no.
    if (StartsWith(line, "HTTP/")) return {SshBannerState::kBad, PrintableExcerpt(line)};
    if (!complete) break;
    start = nl + 1;
    if (start >= kSshMaxPreamble) return {SshBannerState::kBad, PrintableExcerpt(received)};
  }
  if (eof) {
    return {SshBannerState::kBad, received.empty() ? std::string() : PrintableExcerpt(received)};
  }
  return {SshBannerState::kNeedMore, {}};
}

}  // namespace orchard::probe
