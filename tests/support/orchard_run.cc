#include "orchard_run.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <fstream>
#include <sstream>

namespace orchard::testing {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BinaryOutcome RunBinary(const std::string& binary, std::vector<std::string> args,
                        const std::filesystem::path& dir, const std::function<bool()>& in_child) {
  args.insert(args.begin(), binary);
  const auto out_path = dir / "stdout";
  const auto err_path = dir / "stderr";
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    alarm(60);  // a hung binary fails the test instead of hanging it
    if (in_child && !in_child()) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  BinaryOutcome o;
  if (child < 0) return o;
  int status = 0;
  waitpid(child, &status, 0);
  o.took = std::chrono::steady_clock::now() - start;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = Slurp(out_path);
  o.err = Slurp(err_path);
  return o;
}

std::string CatalogToml(const std::vector<CatalogRow>& rows) {
  std::string toml =
      "[catalog]\nsource = \"e2e\"\ndate = \"2026-11-27\"\n\n"
      "[[category]]\nid = \"lab\"\nsection = \"Lab\"\n\n"
      "[[category]]\nid = \"other\"\nsection = \"Other\"\n\n";
  for (const CatalogRow& row : rows) {
    std::string ports;
    for (uint16_t p : row.ports) ports += (ports.empty() ? "" : ", ") + std::to_string(p);
    toml += "[[endpoint]]\ncategory = \"" + row.category + "\"\nhost = \"" + row.host +
            "\"\nports = [" + ports + "]\ntransport = \"" + row.transport + "\"\nprotocol = \"" +
            row.protocol + "\"\nproxy = \"yes\"\ndescription = \"e2e\"\n";
    if (!row.hints.empty()) toml += "hints = { " + row.hints + " }\n";
    toml += "\n";
  }
  return toml;
}

void ServerThread::Start() {
  Stop();
  io_.restart();
  thread_ = std::thread([this] {
    auto work = boost::asio::make_work_guard(io_);
    io_.run();
  });
}

void ServerThread::Stop() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

ServerThread::~ServerThread() { Stop(); }

}  // namespace orchard::testing
