#include "base/json.h"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <cmath>

namespace orchard {
namespace json = boost::json;

void AppendJsonString(std::string& out, std::string_view text) {
  out += json::serialize(json::string_view(text.data(), text.size()));
}

void AppendJson(std::string& out, const json::value& v, int indent, int depth) {
  auto newline = [&](int level) {
    if (indent <= 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent * level), ' ');
  };
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += fmt::format("{}", v.get_int64());
      return;
    case json::kind::uint64:
      out += fmt::format("{}", v.get_uint64());
      return;
    case json::kind::double_: {
      double d = v.get_double();
      out += std::isfinite(d) ? fmt::format("{}", d) : "null";
      return;
    }
    case json::kind::string:
      AppendJsonString(out, v.get_string());
      return;
    case json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        AppendJson(out, a[i], indent, depth + 1);
      }
      newline(depth);
      out += ']';
      return;
    }
    case json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& kv : o) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        AppendJsonString(out, kv.key());
        out += indent > 0 ? ": " : ":";
        AppendJson(out, kv.value(), indent, depth + 1);
      }
      newline(depth);
      out += '}';
      return;
    }
  }
}

std::string SerializeJson(const json::value& value, int indent) {
  std::string out;
  AppendJson(out, value, indent, 0);
  return out;
}

json::array JsonStrings(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

}  // namespace orchard
