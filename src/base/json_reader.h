#pragma once

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

// The strict reader of orchard's JSON documents (check-v1 and the facts in it), in base so that
// every module that owns part of a document can decode its part the same way: wrong types and
// out-of-range numbers fail with the path of the value ("results[3].tls.version: expected a
// string, got a number"), never with an exception.
namespace orchard {

// Remembers the first problem; later reads keep going but return defaults, so a decoder reads
// as a flat list of fields instead of a ladder of early returns.
class JsonReader {
 public:
  bool ok() const { return !error_; }
  Error error() const { return *error_; }

  void Fail(const std::string& path, std::string message) {
    if (!error_) error_ = Error(ErrorCode::kParse, path + ": " + message);
  }

  const boost::json::object* Object(const boost::json::value* v, const std::string& path,
                                    bool nullable) {
    if (!v) {
      if (!nullable) Fail(path, "missing");
      return nullptr;
    }
    if (v->is_null() && nullable) return nullptr;
    if (!v->is_object()) {
      Fail(path, fmt::format("expected an object, got {}", KindName(*v)));
      return nullptr;
    }
    return &v->get_object();
  }

  const boost::json::array* Array(const boost::json::object& o, std::string_view key,
                                  const std::string& path) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return nullptr;  // arrays are optional: absent means empty
    if (!v->is_array()) {
      Fail(path, fmt::format("expected an array, got {}", KindName(*v)));
      return nullptr;
    }
    return &v->get_array();
  }

  std::string String(const boost::json::object& o, std::string_view key, const std::string& path,
                     bool required = false) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) Fail(path, "missing");
      return {};
    }
    if (!v->is_string()) {
      Fail(path, fmt::format("expected a string, got {}", KindName(*v)));
      return {};
    }
    return std::string(v->get_string());
  }

  static constexpr double kMaxMilliseconds = 1e13;

  std::optional<double> Double(const boost::json::object& o, std::string_view key,
                               const std::string& path) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
      Fail(path, fmt::format("expected a number, got {}", KindName(*v)));
      return std::nullopt;
    }
    double d = v->is_double()  ? v->get_double()
               : v->is_int64() ? static_cast<double>(v->get_int64())
                               : static_cast<double>(v->get_uint64());
    // Every number read here is milliseconds (a duration, or an NTP offset, which may be
    // negative). Past ±1e13 ms (three centuries) it is no measurement, and printing 1e308 ms
    // would fill the report with 300 digits.
    if (!(std::fabs(d) <= kMaxMilliseconds)) {
      Fail(path, fmt::format("{} is not a time in milliseconds within ±1e13",
                             boost::json::serialize(*v)));
      return std::nullopt;
    }
    return d;
  }

  int64_t Integer(const boost::json::object& o, std::string_view key, const std::string& path,
                  int64_t min, int64_t max, bool required = false) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) Fail(path, "missing");
      return 0;
    }
    std::optional<int64_t> n;
    if (v->is_int64()) {
      n = v->get_int64();
    } else if (v->is_uint64()) {
      if (v->get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        n = static_cast<int64_t>(v->get_uint64());
      }
    } else if (v->is_double()) {
      double d = v->get_double();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e18) {
        n = static_cast<int64_t>(d);
      }
    } else {
      Fail(path, fmt::format("expected an integer, got {}", KindName(*v)));
      return 0;
    }
    if (!n || *n < min || *n > max) {
      Fail(path,
           fmt::format("{} is not an integer in [{}, {}]", boost::json::serialize(*v), min, max));
      return 0;
    }
    return *n;
  }

  bool Bool(const boost::json::object& o, std::string_view key, const std::string& path) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) {
      Fail(path, fmt::format("expected true or false, got {}", KindName(*v)));
      return false;
    }
    return v->get_bool();
  }

  std::vector<std::string> Strings(const boost::json::object& o, std::string_view key,
                                   const std::string& path) {
    std::vector<std::string> out;
    const boost::json::array* a = Array(o, key, path);
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) {
        Fail(fmt::format("{}[{}]", path, i), "expected a string");
        return out;
      }
      out.emplace_back((*a)[i].get_string());
    }
    return out;
  }

  // Reads an enum by its stable name; `what` is the word in the message ("status").
  template <class E, class F>
  E Enum(const boost::json::object& o, std::string_view key, const std::string& path,
         std::string_view what, F from_string, E fallback) {
    std::string name = String(o, key, path, /*required=*/true);
    if (!ok()) return fallback;
    auto value = from_string(name);
    if (!value) {
      Fail(path, fmt::format("unknown {} '{}'", what, Printable(name)));
      return fallback;
    }
    return *value;
  }

 private:
  static std::string_view KindName(const boost::json::value& v) {
    switch (v.kind()) {
      case boost::json::kind::null:
        return "null";
      case boost::json::kind::bool_:
        return "a boolean";
      case boost::json::kind::int64:
      case boost::json::kind::uint64:
      case boost::json::kind::double_:
        return "a number";
      case boost::json::kind::string:
        return "a string";
      case boost::json::kind::array:
        return "an array";
      case boost::json::kind::object:
        return "an object";
    }
    return "something else";
  }

  // Keeps hostile names from flooding or garbling the message.
  static std::string Printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (s.size() > 40) out += "...";
    return out;
  }

  std::optional<Error> error_;
};

}  // namespace orchard
