#include "proxy/pac_sandbox.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "proxy/pac_context.h"

namespace orchard::proxy {
namespace {

constexpr size_t kMaxReply = 16 * 1024 * 1024;

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

// One record: a tag ('L' load error, 'O' answer, 'E' query error), a length, the bytes.
bool WriteRecord(int fd, char tag, std::string_view text) {
  uint32_t size = static_cast<uint32_t>(std::min<size_t>(text.size(), 1 << 20));
  return WriteAll(fd, &tag, 1) && WriteAll(fd, &size, sizeof(size)) &&
         WriteAll(fd, text.data(), size);
}

[[noreturn]] void RunChild(int fd, std::string_view source, const std::string& name,
                           const PacEnvironment& env, const std::vector<PacQuery>& queries,
                           size_t memory_limit) {
  auto context = PacContext::Create(source, name, env, memory_limit);
  if (!context) {
    WriteRecord(fd, 'L', context.error().message());
    _exit(0);
  }
  for (const PacQuery& q : queries) {
    auto answer = (*context)->FindProxyForUrl(q.url, q.host);
    bool ok =
        answer ? WriteRecord(fd, 'O', *answer) : WriteRecord(fd, 'E', answer.error().message());
    if (!ok) _exit(1);
  }
  _exit(0);
}

// Reads until EOF or the deadline. False on timeout.
bool ReadUntilEof(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  char buffer[65536];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd, POLLIN, 0};
    int ready = poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready == 0 ? false : true;
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    if (out.size() + static_cast<size_t>(n) > kMaxReply) return true;
    out.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

Result<std::vector<Result<std::string>>> RunPacSandboxed(std::string_view source,
                                                         const std::string& name,
                                                         const PacEnvironment& env,
                                                         const std::vector<PacQuery>& queries,
                                                         PacLimits limits) {
  int fds[2];
  if (pipe(fds) != 0) {
    return MakeError(ErrorCode::kInternal, fmt::format("pipe: {}", std::strerror(errno)));
  }
  auto deadline = std::chrono::steady_clock::now() + limits.timeout;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return MakeError(ErrorCode::kInternal, fmt::format("fork: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], source, name, env, queries, limits.memory_limit);
  }
  close(fds[1]);
  std::string reply;
  bool finished = ReadUntilEof(fds[0], deadline, reply);
  close(fds[0]);
  if (!finished) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return MakeError(ErrorCode::kParse,
                     fmt::format("{}: evaluation did not finish within {} ms (an endless loop?)",
                                 name, limits.timeout.count()));
  }

  std::vector<Result<std::string>> answers;
  size_t pos = 0;
  while (pos + 5 <= reply.size()) {
    char tag = reply[pos];
    uint32_t size = 0;
    std::memcpy(&size, reply.data() + pos + 1, sizeof(size));
    pos += 5;
    if (pos + size > reply.size()) break;
    std::string text = reply.substr(pos, size);
    pos += size;
    if (tag == 'L') return MakeError(ErrorCode::kParse, std::move(text));
    if (tag == 'O') {
      answers.emplace_back(std::move(text));
    } else {
      answers.emplace_back(tl::unexpected(Error(ErrorCode::kParse, std::move(text))));
    }
  }
  if (answers.size() != queries.size()) {
    std::string how = WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
                                          : "stopped early";
    return MakeError(ErrorCode::kParse, fmt::format("{}: evaluation {}", name, how));
  }
  return answers;
}

}  // namespace orchard::proxy
