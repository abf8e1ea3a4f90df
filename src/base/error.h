#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace orchard {

// What kind of failure stopped the tool from doing its job. A probe that fails is not an
// Error: it is an outcome recorded in the results.
enum class ErrorCode {
  kUsage,     // bad flag or argument; exit 2
  kCatalog,   // malformed catalog or profile; exit 2
  kParse,     // input file (article, results, PAC...) could not be read as its format; exit 2
  kIo,        // file system trouble; exit 2
  kInternal,  // a bug or an unexpected library failure; exit 3
};

std::string_view ToString(ErrorCode code);

// An error with a message that already carries its context ("apple.toml:41: port 70000 out of
// range"). Cheap to copy; immutable once built, except through WithContext.
class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "context: message", for callers that know where the failure happened.
  Error WithContext(std::string_view context) const;
  std::string ToString() const;

  // The process exit code a command returns for this error (2 for usage/input, 3 internal).
  int ExitCode() const;

 private:
  ErrorCode code_;
  std::string message_;
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}

}  // namespace orchard
