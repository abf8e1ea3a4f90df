#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "probe/http/http_answer.h"
#include "probe/outcome.h"

// Pure verdicts on HTTP answers: is this the real service, a proxy's block page, a proxy asking
// for credentials, or a captive portal? No sockets.
namespace orchard::probe {

// Names the product behind a block or error page ("Squid error page (ERR_ACCESS_DENIED)",
// "Zscaler block page"), from headers and the body's markers; nullopt when none is recognised.
std::optional<std::string> DetectBlockPage(const HttpAnswer& answer);

// True when the answer is an HTML document (by Content-Type or by its first bytes).
bool LooksLikeHtml(const HttpAnswer& answer);

// The verdicts every HTTP check shares: 407 -> proxy_auth_required, a recognised block page ->
// http_block_page. nullopt when neither applies.
std::optional<ProtocolOutcome> JudgeIntermediary(const HttpAnswer& answer);

struct HttpExpectation {
  std::string body_contains;  // non-empty: a genuine answer contains this text
  bool html_expected = true;  // false: an HTML page is somebody else's error page
  // The host asked (Host header). Non-empty: a redirect must stay on this host's site or on
  // one of Apple's; a redirect anywhere else is a captive portal or filter answering for it.
  std::string host;
};

// The lower-case host of a Location value ("https://u@Host:8443/x" -> "host"); empty for a
// relative reference, which stays on the same host.
std::string RedirectHost(std::string_view location);

// True when `to` is `from`'s host, on the same site (last two labels, three under ccTLDs such
// as .com.cn), or on one of Apple's sites (apple.com, icloud.com, mzstatic.com...).
bool RedirectStaysWithService(std::string_view from, std::string_view to);

// Generic plain-HTTP check: any answer that plausibly came from the service passes (Apple's
// hosts redirect port 80 to HTTPS or answer 4xx to a bare GET). Gateway errors (502/503/504),
// unexpected HTML, a missing expected text and a redirect off the service's and Apple's sites
// (how a captive portal or filter answers every plain-HTTP request) are http_unexpected. A body
// past the limit (HttpFetch::body_truncated) is judged on the first bytes that were read.
ProtocolOutcome JudgeHttpAnswer(const HttpFetch& fetch, const HttpExpectation& expect);

// captive.apple.com/hotspot-detect.html: 200 with "Success" passes; a redirect, a 511 or any
// other page (a login form) is captive_portal.
ProtocolOutcome JudgeCaptiveAnswer(const HttpFetch& fetch);

// Fills status/timing facts shared by every HTTP verdict.
void AttachHttpFacts(const HttpFetch& fetch, ProtocolOutcome& outcome);

}  // namespace orchard::probe
