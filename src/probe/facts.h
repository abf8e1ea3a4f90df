#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_reader.h"
#include "probe/outcome.h"
#include "probe/result.h"

// The facts a check can carry beyond its verdict (tls, http, ntp, udp): one row per facts type,
// which the engine (folding an outcome into a result), the JSON codec, the renderers and the
// exporter loop over. Kinds share facts types: http, captive, ocsp and crl fill http; ntp and
// quic fill udp. A kind with facts of a new type adds its struct and field (result.h,
// outcome.h) and one row here.
namespace orchard::probe {

// One line a renderer prints under a result; the renderer escapes or paints it.
struct FactsLine {
  std::string_view label;  // the text report's label ("tls"); other renderers ignore it
  std::string text;
};

// A gauge a facts type exports: serve makes one Prometheus family of each, in table order.
struct GaugeSpec {
  std::string_view name;
  std::string_view help;
};

// One sample of gauges[gauge] for one result: the result's row labels, plus `label` =
// `label_value` when `label` is not empty (serve keeps such values printable and short: they
// may come from a certificate an attacker wrote).
struct GaugeValue {
  size_t gauge = 0;
  std::string_view label;
  std::string label_value;
  double value = 0;
};

struct FactsSpec {
  std::string_view key;   // the result object's JSON key, in the document's key order
  bool null_when_absent;  // absent facts are written as null; false: the key is left out
  bool (*present)(const CheckResult& r);
  // The facts as a JSON object; called only when present.
  boost::json::object (*encode)(const CheckResult& r);
  // Reads the object at `path` into `r`, strictly (failures go to `in` with the value's path).
  void (*decode)(JsonReader& in, const boost::json::object& o, const std::string& path,
                 CheckResult& r);
  // Copies the outcome's facts, when it has them, into the result.
  void (*fold)(const ProtocolOutcome& outcome, CheckResult& r);
  // The lines the text report's verbose rows, the HTML report's details and the JUnit
  // testcase's output print; each appends nothing when the facts are absent.
  void (*text)(const CheckResult& r, std::vector<FactsLine>& out);
  void (*html)(const CheckResult& r, std::vector<std::string>& out);
  void (*junit)(const CheckResult& r, std::vector<std::string>& out);
  std::span<const GaugeSpec> gauges;
  void (*gauge_values)(const CheckResult& r, std::vector<GaugeValue>& out);
};

// Every facts type, in the JSON document's key order.
std::span<const FactsSpec> Facts();

}  // namespace orchard::probe
