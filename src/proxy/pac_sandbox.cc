#include "proxy/pac_sandbox.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "proxy/pac_context.h"

namespace orchard::proxy {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxRecord = 1 << 20;
constexpr size_t kRecordHead = 1 + sizeof(uint32_t);

bool WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// One record: a tag ('L' load error, 'R' loaded, 'O' answer, 'E' query error), a length, the
// bytes.
bool WriteRecord(int fd, char tag, std::string_view text) {
  uint32_t size = static_cast<uint32_t>(std::min(text.size(), kMaxRecord));
  return WriteAll(fd, &tag, 1) && WriteAll(fd, &size, sizeof(size)) &&
         WriteAll(fd, text.data(), size);
}

[[noreturn]] void RunChild(int fd, std::string_view source, const std::string& name,
                           const PacEnvironment& env, const std::vector<PacQuery>& queries,
                           size_t first, size_t memory_limit) {
  auto context = PacContext::Create(source, name, env, memory_limit);
  if (!context) {
    WriteRecord(fd, 'L', context.error().message());
    _exit(0);
  }
  if (!WriteRecord(fd, 'R', "")) _exit(1);
  for (size_t i = first; i < queries.size(); ++i) {
    auto answer = (*context)->FindProxyForUrl(queries[i].url, queries[i].host);
    bool ok =
        answer ? WriteRecord(fd, 'O', *answer) : WriteRecord(fd, 'E', answer.error().message());
    if (!ok) _exit(1);
  }
  _exit(0);
}

// How one child ended.
struct ChildRun {
  enum class End { kDone, kLoadError, kLoadTimeout, kCallTimeout, kDied };
  End end = End::kDied;
  bool loaded = false;
  bool deadline_hit = false;  // the time ran out at limits.deadline, not a budget
  std::string load_error;
  std::vector<Result<std::string>> answers;  // for queries[first], queries[first + 1]...
  int status = 0;
};

// Takes every complete record off the front of `buffer` into `run`. False on a load error.
bool TakeRecords(std::string& buffer, ChildRun& run, bool& progressed) {
  size_t pos = 0;
  while (buffer.size() - pos >= kRecordHead) {
    uint32_t size = 0;
    std::memcpy(&size, buffer.data() + pos + 1, sizeof(size));
    if (buffer.size() - pos - kRecordHead < size) break;
    const char tag = buffer[pos];
    std::string text = buffer.substr(pos + kRecordHead, size);
    pos += kRecordHead + size;
    progressed = true;
    if (tag == 'L') {
      run.load_error = std::move(text);
      return false;
    }
    if (tag == 'R') {
      run.loaded = true;
    } else if (tag == 'O') {
      run.answers.emplace_back(std::move(text));
    } else {
      run.answers.emplace_back(tl::unexpected(Error(ErrorCode::kParse, std::move(text))));
    }
  }
  buffer.erase(0, pos);
  return true;
}

// Reads the child's records, giving the load and then each call its own budget.
ChildRun Follow(int fd, size_t expected, const PacLimits& limits) {
  ChildRun run;
  std::string buffer;
  auto phase_end = std::min(Clock::now() + limits.load, limits.deadline);
  char chunk[65536];
  bool eof = false;
  while (true) {
    bool progressed = false;
    if (!TakeRecords(buffer, run, progressed)) {
      run.end = ChildRun::End::kLoadError;
      return run;
    }
    if (run.loaded && run.answers.size() == expected) {
      run.end = ChildRun::End::kDone;
      return run;
    }
    // The child is gone, or wrote what it never writes: whatever is unanswered died with it.
    if (eof || buffer.size() > kRecordHead + kMaxRecord) return run;
    if (progressed) phase_end = std::min(Clock::now() + limits.call, limits.deadline);
    auto left = std::chrono::ceil<std::chrono::milliseconds>(phase_end - Clock::now());
    if (left.count() <= 0) {
      run.end = run.loaded ? ChildRun::End::kCallTimeout : ChildRun::End::kLoadTimeout;
      run.deadline_hit = phase_end >= limits.deadline;
      return run;
    }
    pollfd pfd{fd, POLLIN, 0};
    int ready = poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;  // the budget check above ends it
    ssize_t n = ready < 0 ? -1 : read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof = true;
    } else {
      buffer.append(chunk, static_cast<size_t>(n));
    }
  }
}

Result<ChildRun> Spawn(std::string_view source, const std::string& name, const PacEnvironment& env,
                       const std::vector<PacQuery>& queries, size_t first,
                       const PacLimits& limits) {
  int fds[2];
  if (pipe(fds) != 0) {
    return MakeError(ErrorCode::kInternal, fmt::format("pipe: {}", std::strerror(errno)));
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return MakeError(ErrorCode::kInternal, fmt::format("fork: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], source, name, env, queries, first, limits.memory_limit);
  }
  close(fds[1]);
  ChildRun run = Follow(fds[0], queries.size() - first, limits);
  close(fds[0]);
  if (run.end != ChildRun::End::kDone && run.end != ChildRun::End::kLoadError) kill(pid, SIGKILL);
  while (waitpid(pid, &run.status, 0) < 0 && errno == EINTR) {
  }
  return run;
}

std::string Died(const std::string& name, int status) {
  return WIFSIGNALED(status)
             ? fmt::format("{}: evaluation killed by signal {}", name, WTERMSIG(status))
             : fmt::format("{}: evaluation stopped early", name);
}

Error Failure(std::string message) { return Error(ErrorCode::kParse, std::move(message)); }

}  // namespace

Result<std::vector<Result<std::string>>> RunPacSandboxed(std::string_view source,
                                                         const std::string& name,
                                                         const PacEnvironment& env,
                                                         const std::vector<PacQuery>& queries,
                                                         PacLimits limits) {
  std::vector<Result<std::string>> answers;
  answers.reserve(queries.size());
  // Each pass answers the queries from `answers.size()` on; one that overruns its budget or
  // kills its child fails alone, and the next pass starts after it. Every pass but a load
  // failure settles at least one query, so there are at most queries.size() + 1 passes.
  do {
    auto run = Spawn(source, name, env, queries, answers.size(), limits);
    if (!run) return tl::unexpected(run.error());
    using End = ChildRun::End;
    switch (run->end) {
      case End::kLoadError:
        return tl::unexpected(Failure(std::move(run->load_error)));
      case End::kLoadTimeout:
        return tl::unexpected(
            Failure(run->deadline_hit
                        ? fmt::format("{}: loading did not finish before the run's deadline", name)
                        : fmt::format("{}: loading did not finish within {} ms (an endless loop?)",
                                      name, limits.load.count())));
      case End::kDied:
        if (!run->loaded) return tl::unexpected(Failure(Died(name, run->status)));
        break;
      default:
        break;
    }
    for (auto& answer : run->answers) answers.push_back(std::move(answer));
    if (run->end == End::kDone) break;
    if (run->end == End::kDied) {
      answers.emplace_back(tl::unexpected(Failure(Died(name, run->status))));
    } else if (!run->deadline_hit) {
      answers.emplace_back(tl::unexpected(Failure(fmt::format(
          "{}: FindProxyForURL did not answer within {} ms", name, limits.call.count()))));
    } else {
      while (answers.size() < queries.size()) {
        answers.emplace_back(tl::unexpected(
            Failure(fmt::format("{}: not evaluated before the run's deadline", name))));
      }
    }
  } while (answers.size() < queries.size());
  return answers;
}

}  // namespace orchard::proxy
