#include "probe/tls/tls_chain.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>
#include <string>

#include "base/x509.h"

namespace orchard::probe {
namespace {

constexpr int kMaxVerifyDepth = 10;
constexpr size_t kMaxChainFacts = 16;  // a hostile server may send hundreds of certificates

struct StackDeleter {  // sk_X509_free is a macro, so no x509::Deleter
  void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }  // borrowed entries
};
using BorrowedStack = std::unique_ptr<STACK_OF(X509), StackDeleter>;
using StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, x509::Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;

bool IsTimeError(int error) {
  return error == X509_V_ERR_CERT_NOT_YET_VALID || error == X509_V_ERR_CERT_HAS_EXPIRED ||
         error == X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD ||
         error == X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD;
}

bool IsNameError(int error) {
  return error == X509_V_ERR_HOSTNAME_MISMATCH || error == X509_V_ERR_IP_ADDRESS_MISMATCH;
}

bool IsIpLiteral(std::string_view host) {
  std::string copy(host);
  unsigned char buf[16];
  return inet_pton(AF_INET, copy.c_str(), buf) == 1 || inet_pton(AF_INET6, copy.c_str(), buf) == 1;
}

// Collects every error the verifier reports; returning 1 makes it go on checking.
struct Recorder {
  int first_error = X509_V_OK;
  int first_time_error = X509_V_OK;
  bool trust_error = false;
  bool name_error = false;
  std::string time_error;
};

std::string DescribeTimeError(int error, X509* cert) {
  std::string who = cert != nullptr ? DisplayName(X509_get_subject_name(cert)) : "certificate";
  if (error == X509_V_ERR_CERT_NOT_YET_VALID && cert != nullptr) {
    if (auto t = NotBefore(cert)) return fmt::format("{} is not valid before {}", who, Iso8601(*t));
  }
  if (error == X509_V_ERR_CERT_HAS_EXPIRED && cert != nullptr) {
    if (auto t = NotAfter(cert)) return fmt::format("{} expired {}", who, Iso8601(*t));
  }
  return fmt::format("{}: {}", who, X509_verify_cert_error_string(error));
}

int RecordingCallback(int ok, X509_STORE_CTX* ctx) {
  if (ok == 1) return 1;
  auto* rec = static_cast<Recorder*>(X509_STORE_CTX_get_app_data(ctx));
  int error = X509_STORE_CTX_get_error(ctx);
  if (rec == nullptr) return 0;
  if (rec->first_error == X509_V_OK) rec->first_error = error;
  if (IsTimeError(error)) {
    if (rec->first_time_error == X509_V_OK) {
      rec->first_time_error = error;
      rec->time_error = DescribeTimeError(error, X509_STORE_CTX_get_current_cert(ctx));
    }
  } else if (IsNameError(error)) {
    rec->name_error = true;
  } else {
    rec->trust_error = true;
  }
  return 1;
}

std::string TopName(const std::vector<X509*>& chain) {
  X509* top = chain.back();
  // A self-issued top names itself; otherwise name the root it claims to come from.
  if (X509_check_issued(top, top) == X509_V_OK) return x509::NameLine(X509_get_subject_name(top));
  return x509::NameLine(X509_get_issuer_name(top));
}

StoreVerdict VerifyUncached(const TlsTrust& trust, Anchors anchors, const std::vector<X509*>& chain,
                            std::string_view host, time_t at) {
  StoreVerdict verdict;
  std::vector<X509Ptr> anchors_held;  // what anchor_stack borrows; outlives the context
  BorrowedStack untrusted(sk_X509_new_null());
  BorrowedStack anchor_stack(sk_X509_new_null());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!untrusted || !anchor_stack || !ctx) {
    verdict.error = "out of memory";
    return verdict;
  }
  for (size_t i = 1; i < chain.size(); ++i) sk_X509_push(untrusted.get(), chain[i]);

  X509_STORE* store =
      anchors == Anchors::kPlatform ? trust.platform_store() : trust.genuine_store();
  if (X509_STORE_CTX_init(ctx.get(), store, chain.front(), untrusted.get()) != 1) {
    ERR_clear_error();
    verdict.error = "cannot initialise verification";
    return verdict;
  }
  X509_STORE_CTX_set_default(ctx.get(), "ssl_server");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, at);
  X509_VERIFY_PARAM_set_depth(param, kMaxVerifyDepth);
  if (!host.empty()) {
    std::string name(host);
    if (IsIpLiteral(host)) {
      X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
    } else {
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
    }
  }
  if (anchors == Anchors::kGenuine) {
    // Match anchors by key: the genuine roots, plus any sent certificate carrying a genuine key
    // (a re-issued or cross-signed copy of a genuine root), trusted even mid-chain.
    anchors_held = trust.GenuineIssuersOf(chain);
    for (const X509Ptr& root : anchors_held) sk_X509_push(anchor_stack.get(), root.get());
    for (X509* sent : chain) {
      if (trust.IsGenuineKey(sent)) sk_X509_push(anchor_stack.get(), sent);
    }
    X509_STORE_CTX_set0_trusted_stack(ctx.get(), anchor_stack.get());
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  }

  Recorder rec;
  X509_STORE_CTX_set_app_data(ctx.get(), &rec);
  X509_STORE_CTX_set_verify_cb(ctx.get(), RecordingCallback);
  int result = X509_verify_cert(ctx.get());
  if (result != 1 && rec.first_error == X509_V_OK) {
    // Failed without calling back (an internal failure): take the context's word for it.
    rec.first_error = X509_STORE_CTX_get_error(ctx.get());
    if (rec.first_error == X509_V_OK) rec.first_error = X509_V_ERR_UNSPECIFIED;
    rec.trust_error = true;
  }
  ERR_clear_error();

  verdict.trusted = rec.first_error == X509_V_OK;
  verdict.anchored = !rec.trust_error;
  verdict.time_invalid = rec.first_time_error != X509_V_OK;
  verdict.name_mismatch = rec.name_error;
  verdict.time_error = rec.time_error;
  if (!verdict.trusted) verdict.error = X509_verify_cert_error_string(rec.first_error);
  if (verdict.anchored) {
    STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
    if (built != nullptr && sk_X509_num(built) > 0) {
      verdict.anchor = ShareCert(sk_X509_value(built, sk_X509_num(built) - 1));
    }
  }
  return verdict;
}

// How the leaf stands to the host the verifier checks it against. The verifier's name check
// (check_id in OpenSSL) reports one error whatever the name, so two hosts in the same class get
// the same verdict.
enum class NameFit : char { kNone = 'n', kName = 'N', kNotName = 'x', kIp = 'I', kNotIp = 'y' };

NameFit FitOf(X509* leaf, std::string_view host) {
  if (host.empty()) return NameFit::kNone;
  const std::string name(host);
  if (IsIpLiteral(host)) {
    return X509_check_ip_asc(leaf, name.c_str(), 0) == 1 ? NameFit::kIp : NameFit::kNotIp;
  }
  return X509_check_host(leaf, name.data(), name.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
                         nullptr) == 1
             ? NameFit::kName
             : NameFit::kNotName;
}

// The cache key of a verification: everything its verdict depends on besides the stores.
std::optional<Sha256> VerdictKey(Anchors anchors, const std::vector<X509*>& chain, NameFit fit,
                                 time_t at) {
  std::string bytes;
  bytes.push_back(anchors == Anchors::kPlatform ? 'p' : 'g');
  bytes.push_back(static_cast<char>(fit));
  bytes.append(std::to_string(at)).push_back(':');
  for (X509* cert : chain) {
    const int length = i2d_X509(cert, nullptr);
    if (length <= 0) return std::nullopt;
    bytes.append(std::to_string(length)).push_back(':');
    const size_t at_end = bytes.size();
    bytes.resize(at_end + static_cast<size_t>(length));
    auto* out = reinterpret_cast<unsigned char*>(bytes.data() + at_end);
    if (i2d_X509(cert, &out) != length) return std::nullopt;
  }
  Sha256 key{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), key.data());
  return key;
}

}  // namespace

StoreVerdict VerifyChain(const TlsTrust& trust, Anchors anchors, const std::vector<X509*>& chain,
                         std::string_view host, std::chrono::system_clock::time_point at) {
  if (chain.empty() || chain.front() == nullptr) {
    StoreVerdict verdict;
    verdict.error = "no certificate";
    return verdict;
  }
  const time_t when = std::chrono::system_clock::to_time_t(at);
  const NameFit fit = FitOf(chain.front(), host);
  const std::optional<Sha256> key = VerdictKey(anchors, chain, fit, when);
  if (key) {
    if (auto known = trust.verdicts().Find(*key)) return std::move(*known);
  }
  StoreVerdict verdict = VerifyUncached(trust, anchors, chain, host, when);
  // Kept only when the verifier judged the name as FitOf did, so a verdict is reused only for a
  // host it holds for.
  const bool misfit = fit == NameFit::kNotName || fit == NameFit::kNotIp;
  if (key && verdict.name_mismatch == misfit) trust.verdicts().Store(*key, verdict);
  return verdict;
}

ChainAnalysis AnalyzeChain(const TlsTrust& trust, const std::vector<X509*>& chain,
                           std::string_view host, std::chrono::system_clock::time_point now) {
  ChainAnalysis out;
  if (chain.empty() || chain.front() == nullptr) {
    out.reason = Reason::kTlsHandshakeFailed;
    out.detail = "the server sent no certificate";
    return out;
  }
  X509* leaf = chain.front();
  TlsFacts& facts = out.facts;
  facts.leaf_subject = x509::NameLine(X509_get_subject_name(leaf));
  facts.leaf_issuer = x509::NameLine(X509_get_issuer_name(leaf));
  if (auto not_after = NotAfter(leaf)) {
    facts.leaf_not_after = Iso8601(*not_after);
    facts.leaf_not_after_unix = not_after->time_since_epoch().count();
  }
  for (size_t i = 0; i < chain.size() && i < kMaxChainFacts; ++i) {
    facts.chain.push_back(x509::NameLine(X509_get_subject_name(chain[i])));
  }

  StoreVerdict platform = VerifyChain(trust, Anchors::kPlatform, chain, host, now);
  StoreVerdict genuine = VerifyChain(trust, Anchors::kGenuine, chain, host, now);
  facts.platform_trusted = platform.trusted;
  facts.genuine_trusted = genuine.trusted;
  facts.verify_error = platform.error;
  facts.genuine_verify_error = genuine.error;
  X509* anchor = genuine.anchor ? genuine.anchor.get() : platform.anchor.get();
  facts.root_subject =
      anchor != nullptr ? x509::NameLine(X509_get_subject_name(anchor)) : TopName(chain);
  // Interception: the chain does not reach a genuine key. Name who signed the leaf instead.
  facts.intercepted = !genuine.anchored;
  if (facts.intercepted) {
    facts.interceptor = DisplayName(X509_get_issuer_name(leaf));
    facts.interceptor_os_trusted = platform.anchored;
  }
  std::string root_name =
      anchor != nullptr ? DisplayName(X509_get_subject_name(anchor)) : facts.root_subject;

  if (genuine.trusted) {
    out.status = Status::kPass;
    out.reason = Reason::kOk;
    out.detail = fmt::format("certificate chains to {} (a genuine root{})", root_name,
                             platform.trusted ? "" : "; not in this machine's trust store");
  } else if ((genuine.anchored && genuine.time_invalid) ||
             (platform.anchored && platform.time_invalid)) {
    out.reason = Reason::kTlsCertTimeInvalid;
    const std::string& what = genuine.anchored ? genuine.time_error : platform.time_error;
    out.detail = fmt::format(
        "certificate not valid at this machine's time {}: {}{}",
        Iso8601(std::chrono::floor<std::chrono::seconds>(now)), what,
        facts.intercepted ? fmt::format(" (issued by {}, not a genuine root)", facts.interceptor)
                          : "");
  } else if (platform.trusted) {
    out.reason = Reason::kTlsIntercepted;
    out.detail = fmt::format(
        "HTTPS interception: certificate issued by {}, trusted by this machine but not a root "
        "that serves this host",
        facts.interceptor);
  } else if (facts.intercepted && platform.anchored) {
    // The machine trusts the interceptor's chain; what fails is the name it minted the leaf for.
    out.reason = Reason::kTlsIntercepted;
    out.detail = fmt::format(
        "HTTPS interception: certificate issued by {}, which this machine trusts, but {} ({})",
        facts.interceptor, platform.name_mismatch ? "not for this name" : platform.error,
        facts.leaf_subject);
  } else if (genuine.anchored) {
    out.reason = Reason::kTlsUntrusted;
    out.detail =
        fmt::format("genuine certificate chain, but {}: {}", genuine.error, facts.leaf_subject);
  } else {
    out.reason = Reason::kTlsUntrusted;
    // Neither chain reaches an anchor; say so, and whether the name is wrong as well.
    out.detail = fmt::format(
        "certificate issued by {}, which neither this machine nor a genuine root trusts ({}){}; "
        "an untrusted interceptor or a captive portal",
        facts.interceptor, platform.error,
        platform.name_mismatch || genuine.name_mismatch ? ", and not for this name either" : "");
  }
  return out;
}

}  // namespace orchard::probe
