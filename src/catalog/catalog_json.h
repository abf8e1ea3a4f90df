#pragma once

#include <boost/json/value.hpp>

#include "catalog/endpoint.h"

namespace orchard::catalog {

// One row as JSON: id, host, kind, ports (integers), transport, protocol, os (array),
// description, proxy ("yes", "no", "note"), proxy_note (only for "note"), section, category,
// hints (only the hints that are set).
boost::json::object EndpointToJson(const Endpoint& endpoint);

// The catalog's metadata: source, url, date, notes.
boost::json::object CatalogInfoToJson(const CatalogInfo& info);

}  // namespace orchard::catalog
