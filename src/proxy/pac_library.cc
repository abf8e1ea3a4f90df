#include "proxy/pac_library.h"

namespace orchard::proxy {
namespace {

// Written after Mozilla's pac_utils and the Netscape PAC specification; the date helpers compare
// (year, month, day) and (h, m, s) tuples instead of mutating Date objects, which avoids the
// month-overflow bugs of the original.
constexpr std::string_view kLibrary = R"JS(
function __orchard_str(x) { return (x === undefined || x === null) ? '' : String(x); }
function __orchard_is_ipv4(s) {
  var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return false;
  for (var i = 1; i <= 4; i++) if (parseInt(m[i], 10) > 255) return false;
  return true;
}
function isPlainHostName(host) { return __orchard_str(host).indexOf('.') < 0; }
function dnsDomainIs(host, domain) {
  host = __orchard_str(host).toLowerCase();
  domain = __orchard_str(domain).toLowerCase();
  return host.length >= domain.length &&
         host.substring(host.length - domain.length) === domain;
}
function localHostOrDomainIs(host, hostdom) {
  host = __orchard_str(host).toLowerCase();
  hostdom = __orchard_str(hostdom).toLowerCase();
  return host === hostdom || hostdom.lastIndexOf(host + '.', 0) === 0;
}
function dnsDomainLevels(host) { return __orchard_str(host).split('.').length - 1; }
function dnsResolve(host) {
  host = __orchard_str(host);
  if (__orchard_is_ipv4(host)) return host;
  var all = __orchard_resolve(host);
  for (var i = 0; i < all.length; i++) if (__orchard_is_ipv4(all[i])) return all[i];
  return null;
}
function dnsResolveEx(host) {
  host = __orchard_str(host);
  var all = __orchard_resolve(host);
  return all.length ? all.join(';') : '';
}
function isResolvable(host) { return dnsResolve(host) !== null; }
function isResolvableEx(host) { return dnsResolveEx(host) !== ''; }
function myIpAddress() { return __orchard_my_ip(); }
function myIpAddressEx() { return __orchard_my_ip(); }
function __orchard_addr(s) {
  var b = s.split('.');
  return ((parseInt(b[0], 10) & 0xff) * 16777216) + ((parseInt(b[1], 10) & 0xff) << 16) +
         ((parseInt(b[2], 10) & 0xff) << 8) + (parseInt(b[3], 10) & 0xff);
}
function isInNet(ipaddr, pattern, maskstr) {
  ipaddr = __orchard_str(ipaddr);
  if (!__orchard_is_ipv4(ipaddr)) {
    ipaddr = dnsResolve(ipaddr);
    if (ipaddr === null) return false;
  }
  pattern = __orchard_str(pattern);
  maskstr = __orchard_str(maskstr);
  if (!__orchard_is_ipv4(pattern) || !__orchard_is_ipv4(maskstr)) return false;
  var mask = __orchard_addr(maskstr);
  return ((__orchard_addr(ipaddr) & mask) >>> 0) === ((__orchard_addr(pattern) & mask) >>> 0);
}
// Shell-glob matching: '*' any run of characters, '?' one, everything else itself; neither
// wildcard matches a line terminator (as the regular expression this once built did). Greedy
// with one backtracking point, so time grows with len(str) * len(pattern) at worst: a pattern of
// many '*' made duktape's backtracking RegExp engine take exponential time.
function __orchard_wild(c) {
  return c !== '\n' && c !== '\r' && c !== '\u2028' && c !== '\u2029';
}
function shExpMatch(str, pattern) {
  str = __orchard_str(str);
  pattern = __orchard_str(pattern);
  var s = 0, p = 0, star = -1, mark = 0;
  while (s < str.length) {
    var pc = p < pattern.length ? pattern.charAt(p) : '';
    var sc = str.charAt(s);
    if (pc === '*') {
      star = p++;
      mark = s;
    } else if (pc !== '' && (pc === '?' ? __orchard_wild(sc) : pc === sc)) {
      s++;
      p++;
    } else if (star >= 0 && __orchard_wild(str.charAt(mark))) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charAt(p) === '*') p++;
  return p === pattern.length;
}

var __orchard_wdays = {SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6};
var __orchard_months = {JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5,
                        JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11};
// The current time as a Date whose getUTC* fields are local (or GMT) time.
function __orchard_date(gmt) {
  var ms = __orchard_now_ms();
  if (!gmt) ms += __orchard_utc_offset_min(ms) * 60000;
  return new Date(ms);
}
function __orchard_args(args) {
  var a = Array.prototype.slice.call(args);
  var gmt = a.length > 0 && String(a[a.length - 1]).toUpperCase() === 'GMT';
  if (gmt) a.pop();
  return {a: a, gmt: gmt};
}
function __orchard_in_range(lo, now, hi) {
  return lo <= hi ? (lo <= now && now <= hi) : (now >= lo || now <= hi);
}
function weekdayRange() {
  var p = __orchard_args(arguments);
  if (p.a.length < 1 || p.a.length > 2) return false;
  var d1 = __orchard_wdays[String(p.a[0]).toUpperCase()];
  var d2 = p.a.length === 2 ? __orchard_wdays[String(p.a[1]).toUpperCase()] : d1;
  if (d1 === undefined || d2 === undefined) return false;
  return __orchard_in_range(d1, __orchard_date(p.gmt).getUTCDay(), d2);
}
// One half of dateRange's arguments -> {d, m, y} with the fields that were given.
function __orchard_date_fields(list) {
  var f = {};
  for (var i = 0; i < list.length; i++) {
    var v = list[i];
    var mon = __orchard_months[String(v).toUpperCase()];
    if (mon !== undefined) { if (f.m !== undefined) return null; f.m = mon; continue; }
    var n = parseInt(v, 10);
    if (isNaN(n)) return null;
    if (n >= 1 && n <= 31) { if (f.d !== undefined) return null; f.d = n; }
    else if (n >= 1000) { if (f.y !== undefined) return null; f.y = n; }
    else return null;
  }
  return f;
}
function __orchard_date_key(f, has) {
  return (has.y ? f.y : 0) * 10000 + (has.m ? f.m + 1 : 0) * 100 + (has.d ? f.d : 0);
}
function dateRange() {
  var p = __orchard_args(arguments);
  var n = p.a.length;
  if (n < 1 || n > 6 || (n > 1 && n % 2 !== 0)) return false;
  var date = __orchard_date(p.gmt);
  var now = {d: date.getUTCDate(), m: date.getUTCMonth(), y: date.getUTCFullYear()};
  var lo = __orchard_date_fields(n === 1 ? p.a : p.a.slice(0, n / 2));
  var hi = n === 1 ? lo : __orchard_date_fields(p.a.slice(n / 2));
  if (!lo || !hi) return false;
  var has = {d: lo.d !== undefined, m: lo.m !== undefined, y: lo.y !== undefined};
  if (has.d !== (hi.d !== undefined) || has.m !== (hi.m !== undefined) ||
      has.y !== (hi.y !== undefined)) return false;
  var a = __orchard_date_key(lo, has), b = __orchard_date_key(hi, has);
  var k = __orchard_date_key(now, has);
  if (has.y) return a <= k && k <= b;  // years do not wrap around
  return __orchard_in_range(a, k, b);
}
function timeRange() {
  var p = __orchard_args(arguments);
  var n = p.a.length, v = [];
  for (var i = 0; i < n; i++) {
    v.push(parseInt(p.a[i], 10));
    if (isNaN(v[i])) return false;
  }
  var date = __orchard_date(p.gmt);
  var now = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  var lo, hi;
  if (n === 1) { lo = v[0] * 3600; hi = lo + 3599; }
  else if (n === 2) { lo = v[0] * 3600; hi = v[1] * 3600 + 3599; }
  else if (n === 4) { lo = v[0] * 3600 + v[1] * 60; hi = v[2] * 3600 + v[3] * 60 + 59; }
  else if (n === 6) { lo = v[0] * 3600 + v[1] * 60 + v[2]; hi = v[3] * 3600 + v[4] * 60 + v[5]; }
  else return false;
  return __orchard_in_range(lo, now, hi);
}
function alert(message) {}
)JS";

}  // namespace

std::string_view PacLibrarySource() { return kLibrary; }

}  // namespace orchard::proxy
