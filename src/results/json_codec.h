#pragma once

#include <boost/json/value.hpp>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"
#include "probe/result.h"
#include "results/document.h"

// The check-v1 document as JSON (schema in README.md, "Results JSON"). Encoding never fails;
// decoding is strict about the schema, types and enum names, names the JSON path of the first
// problem ("results[3].status: unknown status 'grey'") and never throws or asserts on input.
//
// Conventions: absent timing phases are written as null; absent tls/http/ntp facts are null;
// udp facts, like compared, are left out where absent; durations are milliseconds as JSON
// numbers; unknown object keys are ignored on decoding so later versions may add fields.
namespace orchard::results {

boost::json::object ToJson(const probe::CheckResult& result);
boost::json::object ToJson(const diagnose::Diagnosis& diagnosis);
boost::json::object ToJson(const CheckDocument& doc);

// The document as written by `--format json`: indented by 2, newline-terminated.
std::string EncodeCheckDocument(const CheckDocument& doc);

Result<CheckDocument> DecodeCheckDocument(std::string_view text);

// Reads and decodes a saved run; "-" reads standard input. Errors start with the path
// ("old.json: results[3].status: unknown status 'grey'").
Result<CheckDocument> ReadCheckDocument(const std::filesystem::path& path);

}  // namespace orchard::results
