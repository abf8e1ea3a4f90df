#include "host/tool_runner.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace orchard::host {
namespace {

constexpr size_t kMaxOutput = 4 << 20;

// Closes a descriptor at scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  void Reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

Result<void> MakePipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (pipe(fds) != 0)
    return MakeError(ErrorCode::kIo, fmt::format("pipe: {}", std::strerror(errno)));
  read_end.fd = fds[0];
  write_end.fd = fds[1];
  fcntl(read_end.fd, F_SETFD, FD_CLOEXEC);
  return {};
}

}  // namespace

std::string CommandLine(const std::string& program, const std::vector<std::string>& args) {
  std::string line = program;
  for (const auto& arg : args) line += " " + arg;
  return line;
}

Result<ToolOutput> ProcessToolRunner::Run(const std::string& program,
                                          const std::vector<std::string>& args) {
  const std::string what = CommandLine(program, args);
  Fd out_r, out_w, err_r, err_w;
  if (auto ok = MakePipe(out_r, out_w); !ok) return tl::unexpected(ok.error());
  if (auto ok = MakePipe(err_r, err_w); !ok) return tl::unexpected(ok.error());

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  out_w.Reset();
  err_w.Reset();
  if (rc != 0)
    return MakeError(ErrorCode::kIo, fmt::format("cannot run {}: {}", what, std::strerror(rc)));

  ToolOutput output;
  auto give_up = std::chrono::steady_clock::now() + deadline_;
  std::array<pollfd, 2> fds{pollfd{out_r.fd, POLLIN, 0}, pollfd{err_r.fd, POLLIN, 0}};
  std::array<std::string*, 2> sinks{&output.out, &output.err};
  bool timed_out = false;
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int ready = poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[8192];
      ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        if (sinks[i]->size() < kMaxOutput) sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // closed by Fd at return
      }
    }
  }
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("{} still running after {} ms; killed", what, deadline_.count()));
  }
  if (WIFEXITED(status)) {
    output.exit_status = WEXITSTATUS(status);
    // posix_spawn reports a missing program as exit 127 from the child on some systems.
    if (output.exit_status == 127 && output.out.empty() && access(program.c_str(), X_OK) != 0)
      return MakeError(ErrorCode::kIo, fmt::format("cannot run {}: not found", what));
  } else if (WIFSIGNALED(status)) {
    output.exit_status = 128 + WTERMSIG(status);
  }
  return output;
}

}  // namespace orchard::host
