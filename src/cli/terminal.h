#pragma once

#include <cstddef>
#include <string>

namespace orchard::cli {

// Whether `fd` is a terminal (progress lines and colour go only to terminals).
bool IsTerminal(int fd);

enum class ColorMode { kAuto, kAlways, kNever };

// Colour on `fd`. kAuto: only on a terminal, never when NO_COLOR is set (https://no-color.org) or
// TERM is "dumb"; kAlways and kNever, as asked (--color), whatever NO_COLOR says.
bool ColorWanted(int fd, ColorMode mode = ColorMode::kAuto);

// A one-line progress display on stderr, redrawn in place; silent unless stderr is a terminal.
// Not thread-safe: update it from the thread running the checks.
class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine();  // clears the line
  void Update(size_t done, size_t total);

 private:
  bool enabled_;
  size_t last_width_ = 0;
};

}  // namespace orchard::cli
