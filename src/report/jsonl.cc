// --format jsonl: one JSON object per line for log pipelines (Splunk, Elastic, Loki). Each line
// stands alone: it carries the run's identity and the labels, then the fields the check-v1
// encoder writes for a result or a diagnosis. One line per result, then one per diagnosis (a
// pipeline alerts on those), then one "run" line that closes the run with its summary.
#include <boost/json.hpp>

#include "base/json.h"
#include "report/render.h"
#include "results/json_codec.h"
#include "results/labels.h"

namespace orchard::report {
namespace json = boost::json;
namespace {

constexpr char kLineSchema[] = "orchard/jsonl-v1";

// The fields every line starts with, then the labels. A reserved label name can only come from
// a document built in code (--label and the decoder refuse them); it is skipped so that it
// cannot shadow a field.
json::object Envelope(const results::CheckDocument& doc, const char* type) {
  json::object o;
  o["type"] = type;
  o["schema"] = kLineSchema;
  o["timestamp"] = doc.run.started_at;
  o["run_id"] = doc.run.run_id;
  o["hostname"] = doc.run.hostname;
  o["orchard_version"] = doc.run.orchard_version;
  for (const auto& [key, value] : doc.run.labels) {
    if (!results::IsReservedLabelName(key)) o[key] = value;
  }
  return o;
}

void AppendLine(std::string& out, json::object envelope, const json::object& payload) {
  for (const auto& kv : payload) envelope[kv.key()] = kv.value();
  out += SerializeJson(envelope, 0);
  out += '\n';
}

}  // namespace

std::string RenderJsonLines(const results::CheckDocument& doc, const RenderOptions&) {
  // One encoding of the whole document, cut into lines: the fields are check-v1's exactly.
  json::object whole = results::ToJson(doc);
  std::string out;
  for (const auto& result : whole["results"].as_array()) {
    AppendLine(out, Envelope(doc, "result"), result.as_object());
  }
  for (const auto& diagnosis : whole["diagnoses"].as_array()) {
    AppendLine(out, Envelope(doc, "diagnosis"), diagnosis.as_object());
  }
  json::object run;
  for (const char* key : {"catalog", "routing", "summary"}) run[key] = whole[key];
  AppendLine(out, Envelope(doc, "run"), run);
  return out;
}

}  // namespace orchard::report
