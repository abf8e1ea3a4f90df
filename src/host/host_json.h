#pragma once

#include <boost/json/object.hpp>

#include "host/host_facts.h"

namespace orchard::host {

// The facts as one JSON object: what `orchard host --format json` prints and the "host" object
// of a check-v1 document. Facts the platform does not have are left out, not null.
boost::json::object HostFactsToJson(const HostFacts& facts);

}  // namespace orchard::host
