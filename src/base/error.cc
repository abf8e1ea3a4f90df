#include "base/error.h"

namespace orchard {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUsage:
      return "usage";
    case ErrorCode::kCatalog:
      return "catalog";
    case ErrorCode::kParse:
      return "parse";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error Error::WithContext(std::string_view context) const {
  std::string message(context);
  message += ": ";
  message += message_;
  return Error(code_, std::move(message));
}

std::string Error::ToString() const { return message_; }

int Error::ExitCode() const { return code_ == ErrorCode::kInternal ? 3 : 2; }

}  // namespace orchard
