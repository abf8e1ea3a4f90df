#pragma once

// Running a generated PAC in orchard's own PAC engine (duktape, in its sandbox) the way the
// generator and `orchard allowlist` tests do: a fixed clock, no DNS, UTC. Links orchard_proxy.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/clock.h"
#include "pac_samples.h"
#include "proxy/pac_sandbox.h"
#include "support/fake_clock.h"
#include "support/fake_pac_resolver.h"

namespace orchard::generate::testing {

// FindProxyForURL's answer (or error) for each URL; empty, with a test failure, when the
// script does not load.
inline std::vector<Result<std::string>> EvaluatePacInEngine(const std::string& pac,
                                                            const std::vector<std::string>& urls) {
  orchard::testing::FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 27});
  orchard::testing::FakePacHostResolver resolver;  // the PAC must not need DNS: nothing resolves
  proxy::PacEnvironment env;
  env.clock = &clock;
  env.resolver = &resolver;
  env.utc_offset_minutes = [](auto) { return 0; };
  std::vector<proxy::PacQuery> queries;
  for (const auto& u : urls) queries.push_back({u, PacHost(u)});
  auto answers = proxy::RunPacSandboxed(pac, "orchard.pac", env, queries);
  EXPECT_TRUE(answers) << (answers ? "" : answers.error().message());
  return answers ? *answers : std::vector<Result<std::string>>{};
}

}  // namespace orchard::generate::testing
