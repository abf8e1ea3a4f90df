#include "catalog/toml_save.h"

#include <fmt/format.h>

namespace orchard::catalog {
namespace {

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// A comment runs to the end of its line, and TOML allows no control character in it but tab:
// each becomes a space (the value the comment repeats keeps them, escaped).
std::string CommentText(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return out;
}

std::string QuoteAll(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) quoted.push_back(Quote(item));
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

std::string Hints(const ProbeHints& h) {
  std::vector<std::string> fields;
  auto add = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) fields.push_back(fmt::format("{} = {}", key, Quote(value)));
  };
  add("representative_host", h.representative_host);
  add("representative_address", h.representative_address);
  add("sni", h.sni);
  add("http_check", h.http_check);
  add("url", h.url);
  add("expect", h.expect);
  if (fields.empty()) return "";
  return fmt::format("hints = {{ {} }}\n", fmt::join(fields, ", "));
}

void WriteInfo(std::string& out, const CatalogInfo& info) {
  out += "[catalog]\n";
  out += fmt::format("source = {}\n", Quote(info.source));
  if (!info.url.empty()) out += fmt::format("url = {}\n", Quote(info.url));
  if (!info.date.empty()) out += fmt::format("date = {}\n", Quote(info.date));
  if (!info.notes.empty()) {
    out += "notes = [\n";
    for (const std::string& note : info.notes) out += fmt::format("  {},\n", Quote(note));
    out += "]\n";
  }
}

void WriteEndpoint(std::string& out, const Endpoint& e) {
  out += "[[endpoint]]\n";
  out += fmt::format("id = {}\ncategory = {}\nhost = {}\n", Quote(e.id), Quote(e.category),
                     Quote(e.host));
  out += fmt::format("ports = [{}]\n", fmt::join(e.ports, ", "));
  out += fmt::format("transport = {}\nprotocol = {}\n", Quote(ToString(e.transport)),
                     Quote(e.protocol));
  out += fmt::format("os = {}\ndescription = {}\n", QuoteAll(e.os), Quote(e.description));
  out += fmt::format("proxy = {}\n", Quote(ToString(e.proxy)));
  if (e.proxy == ProxySupport::kNote) out += fmt::format("proxy_note = {}\n", Quote(e.proxy_note));
  out += Hints(e.hints);
}

}  // namespace

std::string CatalogToToml(const Catalog& catalog) {
  std::string out =
      "# An orchard catalog (README \"Catalog format\"). Row ids are stable: keep them when\n"
      "# editing, so profiles and earlier results still refer to the same rows.\n\n";
  WriteInfo(out, catalog.info);
  for (const Category& category : catalog.categories) {
    out += fmt::format("\n[[category]]\nid = {}\nsection = {}\n", Quote(category.id),
                       Quote(category.section));
  }
  for (const Profile& profile : catalog.profiles) {
    out += fmt::format("\n[[profile]]\nname = {}\n", Quote(profile.name));
    if (!profile.description.empty()) {
      out += fmt::format("description = {}\n", Quote(profile.description));
    }
    if (!profile.categories.empty()) {
      out += fmt::format("categories = {}\n", QuoteAll(profile.categories));
    }
    if (!profile.rows.empty()) out += fmt::format("rows = {}\n", QuoteAll(profile.rows));
  }
  std::string category;
  for (const Endpoint& e : catalog.endpoints) {
    if (e.category != category) {
      category = e.category;
      out += fmt::format("\n# --- {} ---\n", CommentText(e.section));
    }
    out += "\n";
    WriteEndpoint(out, e);
  }
  return out;
}

}  // namespace orchard::catalog
