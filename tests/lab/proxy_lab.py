#!/usr/bin/env python3
"""ctest: runs the proxy module's lab tests (src/proxy/proxy_lab_test.cc) inside SCENARIO on the
fixture catalog, against the lab's squid, DNS and PAC server.

usage: proxy_lab.py SCENARIO --cache DIR BINARY"""

import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import labtest  # noqa: E402


def main():
    if len(sys.argv) != 5 or sys.argv[2] != "--cache":
        sys.exit(__doc__)
    labtest.skip_unless_lab_can_run()
    scenario, cache, binary = sys.argv[1], sys.argv[3], sys.argv[4]
    return labtest.lab("run", scenario, "--catalog-json", labtest.FIXTURE, "--cache", cache, "--",
                       binary).returncode


if __name__ == "__main__":
    sys.exit(main())
