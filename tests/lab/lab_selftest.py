#!/usr/bin/env python3
"""ctest: brings SCENARIO up on the fixture catalog and checks its network with independent
tools (selftest.py), then tears it down.

usage: lab_selftest.py SCENARIO --cache DIR"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import labtest  # noqa: E402


def main():
    if len(sys.argv) != 4 or sys.argv[2] != "--cache":
        sys.exit(__doc__)
    labtest.skip_unless_lab_can_run()
    scenario, cache = sys.argv[1], sys.argv[3]
    return labtest.lab("run", scenario, "--catalog-json", labtest.FIXTURE, "--cache", cache, "--",
                       sys.executable, os.path.join(labtest.HERE, "selftest.py")).returncode


if __name__ == "__main__":
    sys.exit(main())
