#include "cli/terminal.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace orchard::cli {

bool IsTerminal(int fd) { return ::isatty(fd) == 1; }

bool ColorWanted(int fd, ColorMode mode) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  if (!IsTerminal(fd)) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

ProgressLine::ProgressLine() : enabled_(IsTerminal(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() {
  if (enabled_ && last_width_ > 0) {
    std::fprintf(stderr, "\r%*s\r", static_cast<int>(last_width_), "");
    std::fflush(stderr);
  }
}

void ProgressLine::Update(size_t done, size_t total) {
  if (!enabled_) return;
  int width = std::fprintf(stderr, "\rorchard: checked %zu of %zu", done, total);
  if (width > 0) last_width_ = static_cast<size_t>(width);
  std::fflush(stderr);
}

}  // namespace orchard::cli
