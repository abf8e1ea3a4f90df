#include "support/orchard_run.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

namespace orchard::testing {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value of `long_name`/`short_name` in argv ("--format json", "--format=json", "-f json").
std::optional<std::string> OptionValue(const std::vector<std::string>& args,
                                       std::string_view long_name, std::string_view short_name) {
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if ((a == long_name || a == short_name) && i + 1 < args.size()) return args[i + 1];
    if (a.size() > long_name.size() && a.substr(0, long_name.size()) == long_name &&
        a[long_name.size()] == '=') {
      return std::string(a.substr(long_name.size() + 1));
    }
  }
  return std::nullopt;
}

// With ORCHARD_JSON_SPOOL set (ctest sets it for the end-to-end tests), every check-v1 document
// and jsonl-v1 text a run of `check` or `explain` wrote, to stdout or -o, is copied into that
// directory, with FILE.cmd holding the command; the test schema.e2e_outputs validates them all
// against schema/ once the other tests are done (tests/schema/CMakeLists.txt). Best effort: a
// copy that cannot be written is skipped, and the test that ran the binary is not affected.
void SpoolJsonOutput(const std::vector<std::string>& args, const BinaryOutcome& o) {
  const char* spool = std::getenv("ORCHARD_JSON_SPOOL");
  if (!spool || !*spool || args.size() < 2) return;
  if (args[1] != "check" && args[1] != "explain") return;
  if (o.exit_code != 0 && o.exit_code != 1) return;  // 2 and up write no report
  auto format = OptionValue(args, "--format", "-f");
  if (!format || (*format != "json" && *format != "jsonl")) return;
  auto output = OptionValue(args, "--output", "-o");
  std::string text = output && *output != "-" ? Slurp(*output) : o.out;
  if (text.empty()) return;
  static std::atomic<int> count{0};
  const std::filesystem::path base =
      std::filesystem::path(spool) / (std::to_string(getpid()) + "-" + std::to_string(++count));
  std::ofstream(base.string() + "." + *format, std::ios::binary) << text;
  std::ofstream cmd(base.string() + "." + *format + ".cmd");
  for (const auto& a : args) cmd << a << ' ';
  cmd << '\n';
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
  struct rusage usage {};
  wait4(child, &status, 0, &usage);
  o.max_rss_kib = usage.ru_maxrss;
  o.cpu = std::chrono::seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          std::chrono::microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  o.took = std::chrono::steady_clock::now() - start;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = Slurp(out_path);
  o.err = Slurp(err_path);
  SpoolJsonOutput(args, o);
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
