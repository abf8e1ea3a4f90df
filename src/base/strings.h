#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orchard {

// Case mapping for protocol text (host names, header names, keywords): ASCII letters only, every
// other byte (UTF-8 included) left as it is, whatever the C locale says. std::tolower would
// follow the locale, and a host name's case must not depend on the user's LANG.
constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }
std::string AsciiLower(std::string_view text);
std::string AsciiUpper(std::string_view text);

// `text` without the ASCII white space at either end: space, \t, \n, \v, \f and \r, the set
// C's isspace() names in the "C" locale (orchard never changes the locale), and no other byte:
// a UTF-8 no-break space stays (catalog's TrimArticleText also drops it).
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";
std::string_view Trim(std::string_view text);

// A host name as DNS compares names (RFC 4343): ASCII lower case, without the trailing dots of
// a fully qualified name, so "Push.Apple.COM." and "push.apple.com" are one name. Nothing else
// changes: no white space is trimmed, and an address or a malformed name passes through.
std::string CanonicalHostName(std::string_view name);

// True when `a` and `b` differ at most in the case of ASCII letters.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The items with `separator` between each two (an empty item still gets its separators).
std::string Join(const std::vector<std::string>& items, std::string_view separator);

// Every CSV file orchard writes ends each record, the header's too, with CRLF, as RFC 4180
// says (Python's csv module, pandas, csvkit and spreadsheets all read it).
inline constexpr std::string_view kCsvLineEnd = "\r\n";

// One CSV field as RFC 4180 writes it: as it is, unless it holds a comma, a double quote, CR or
// LF; then in double quotes, each double quote doubled.
std::string CsvField(std::string_view value);

// "a, b, c and 4 more": the first `limit` items, then how many more there are.
std::string JoinLimited(const std::vector<std::string>& items, size_t limit);

// Appends `code_point` as UTF-8; a value that is no Unicode scalar value (0, a surrogate, or
// above U+10FFFF) becomes U+FFFD, so the output is always valid UTF-8.
void AppendUtf8(std::string& out, uint32_t code_point);

// Replaces invalid UTF-8 sequences and bidirectional controls (U+200E/F, U+202A-E,
// U+2066-9) with U+FFFD, and control characters other than tab and newline (C0, DEL, C1) with
// a space: results carry text from the network, XML and HTML readers reject both, terminals act
// on controls, and a bidi override shows text in another order than it is.
std::string CleanText(std::string_view s);

}  // namespace orchard
