#include "support/serve_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace orchard::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace std::chrono_literals;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits for `pid` up to `limit`; the exit code or 128 + signal, nullopt if still running.
std::optional<int> WaitFor(pid_t pid, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (done < 0) return -1;
    if (std::chrono::steady_clock::now() > until) return std::nullopt;
    std::this_thread::sleep_for(20ms);
  }
}

}  // namespace

ServeProcess::ServeProcess(const std::string& binary, std::vector<std::string> args,
                           const std::filesystem::path& dir)
    : err_path_(dir / "serve.stderr") {
  args.insert(args.begin(), {binary, "serve", "--listen", "127.0.0.1:0"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid_ < 0) return;
  const std::regex listening(R"(listening on 127\.0\.0\.1:(\d+))");
  auto until = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < until) {
    std::smatch m;
    std::string text = log();
    if (std::regex_search(text, m, listening)) {
      port_ = static_cast<uint16_t>(std::stoi(m[1]));
      return;
    }
    if (auto code = WaitFor(pid_, 0ms)) {
      exit_code_ = code;
      return;
    }
    std::this_thread::sleep_for(20ms);
  }
}

ServeProcess::~ServeProcess() { Stop(); }

std::string ServeProcess::log() const { return Slurp(err_path_); }

int ServeProcess::Stop() {
  if (exit_code_) return *exit_code_;
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  exit_code_ = WaitFor(pid_, 10s);
  if (!exit_code_) {
    kill(pid_, SIGKILL);
    exit_code_ = WaitFor(pid_, 10s).value_or(-1);
  }
  port_ = 0;
  return *exit_code_;
}

Scrape HttpRequest(uint16_t port, const std::string& method, const std::string& target) {
  Scrape s;
  const auto start = std::chrono::steady_clock::now();
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(60s);
  beast::error_code ec;
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (!ec) {
    http::request<http::empty_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(false);
    http::write(stream, req, ec);
  }
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (!ec) http::read(stream, buffer, res, ec);
  s.took = std::chrono::steady_clock::now() - start;
  if (ec) {
    s.error = ec.message();
    return s;
  }
  s.status = static_cast<int>(res.result_int());
  s.content_type = std::string(res[http::field::content_type]);
  s.body = std::move(res.body());
  return s;
}

std::vector<Scrape> ScrapeConcurrently(uint16_t port, const std::vector<std::string>& targets) {
  std::vector<Scrape> out(targets.size());
  std::vector<std::thread> threads;
  threads.reserve(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    threads.emplace_back([&, i] { out[i] = HttpGet(port, targets[i]); });
  }
  for (auto& t : threads) t.join();
  return out;
}

std::optional<double> MetricValue(const std::string& exposition, const std::string& name) {
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name, 0) != 0 || line.size() <= name.size()) continue;
    char next = line[name.size()];
    if (next != ' ' && next != '{') continue;
    try {
      return std::stod(line.substr(line.rfind(' ') + 1));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<long> ProcStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) {
      try {
        return std::stol(line.substr(field.size() + 1));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

}  // namespace orchard::testing
