# Homebrew formula for orchard. Builds from the release tarball (scripts/package.sh tarball)
# with Homebrew's own libraries. At a release, `url` and `sha256` are set from the uploaded
# tarball (`shasum -a 256 orchard-VERSION.tar.gz`). Try a local copy with:
#   brew install --formula ./packaging/homebrew/orchard.rb
class Orchard < Formula
  desc "Which Apple services this Mac or network cannot reach, why, and what fixes it"
  homepage "https://github.com/orchard-dev/orchard"
  url "https://github.com/orchard-dev/orchard/releases/download/v0.1.0/orchard-0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  head "https://github.com/orchard-dev/orchard.git", branch: "main"

  depends_on "cmake" => :build
  depends_on "pkgconf" => :build
  depends_on "boost"
  depends_on "c-ares"
  depends_on "cli11"
  depends_on "duktape"
  depends_on "fmt"
  depends_on "openssl@3"
  depends_on "prometheus-cpp"
  depends_on "tl-expected"
  depends_on "tomlplusplus"

  def install
    # A tarball has no git history: name the release in `orchard --version`.
    ENV["ORCHARD_GIT_COMMIT"] = "v#{version}" if build.stable?
    system "cmake", "-S", ".", "-B", "build",
           "-DORCHARD_BUILD_TESTS=OFF", "-DORCHARD_BUILD_BENCH=OFF",
           *std_cmake_args
    system "cmake", "--build", "build"
    system "cmake", "--install", "build"
  end

  service do
    run [opt_bin/"orchard", "serve", "--listen", "127.0.0.1:9817", "--interval", "300"]
    keep_alive true
    log_path var/"log/orchard.log"
    error_log_path var/"log/orchard.log"
  end

  test do
    assert_match "orchard #{version}", shell_output("#{bin}/orchard --version")
    assert_match "--format", shell_output("#{bin}/orchard completion zsh")
    assert_match "ocsp.apple.com", shell_output("#{bin}/orchard catalog list --profile sep")
    # Nothing listens on port 9 of loopback: a usage of the real engine that needs no network.
    output = shell_output("#{bin}/orchard check --host ocsp.apple.com --resolver 127.0.0.1:9 " \
                          "--timeout 1 -f json", 1)
    assert_match "orchard/check-v1", output
  end
end
