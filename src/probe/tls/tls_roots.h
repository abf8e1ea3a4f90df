#pragma once

#include <span>
#include <string_view>

namespace orchard::probe {

// One root certificate embedded in the binary: its file name under src/probe/roots/ and its PEM
// text (with the provenance comment that precedes the PEM block).
struct EmbeddedRoot {
  std::string_view file;
  std::string_view pem;
};

// The roots that really serve Apple's hosts (Apple Root CA / G2 / G3, DigiCert Global Root CA /
// G2 / G3, DigiCert High Assurance EV Root CA, Entrust Root CA - G2 / EC1 / G4), embedded from
// src/probe/roots/*.pem at build time. Static data; safe from any thread.
std::span<const EmbeddedRoot> EmbeddedGenuineRoots();

}  // namespace orchard::probe
