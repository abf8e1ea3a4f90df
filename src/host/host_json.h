#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "base/json_reader.h"
#include "host/host_facts.h"

namespace orchard::host {

// The facts as one JSON object: what `orchard host --format json` prints and the "host" object
// of a check-v1 document. Facts the platform does not have are left out, not null.
boost::json::object HostFactsToJson(const HostFacts& facts);

// The object HostFactsToJson writes, read back strictly through `in`: a wrong type or an
// unknown platform fails with its path under `path` ("host.mdm.enrolled: expected true or
// false, got a string"). What the JSON does not carry (the keychain's PEM, trust policies, a
// resolver's port) stays empty, so a saved run's host facts serve reports and the host rules
// of diagnose, not TLS trust.
HostFacts HostFactsFromJson(const boost::json::object& o, const std::string& path, JsonReader& in);

}  // namespace orchard::host
