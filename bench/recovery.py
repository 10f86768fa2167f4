"""Recovery times after faults, measured by the fault suite (tests/reliability) and printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panel .venv/bin/python bench/recovery.py

Runs the Redis-outage and killed-worker scenarios twice: with the suite's short lease and sweep
(3 s, 1 s) and with production defaults (lease 60 s, sweep 30 s, re-send after 30 s). Each
prints "recovery: …" lines; this script collects and prints them with the suite's result.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["tests/reliability/test_redis_outage.py", "tests/reliability/test_worker_death.py"]
PROFILES = {
    "fault suite (lease 3 s, sweep 1 s, re-send after 2 s)": {},
    "production defaults (lease 60 s, sweep 30 s, re-send after 30 s)": {
        "FAULT_SUITE_LEASE_SECONDS": "60",
        "FAULT_SUITE_SWEEP_SECONDS": "30",
        "FAULT_SUITE_RESEND_AFTER_SECONDS": "30",
    },
}


def main() -> int:
    failed = 0
    for profile, overrides in PROFILES.items():
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                *SCENARIOS,
                "-q",
                "-s",
                "-n",
                "0",
                "-p",
                "no:randomly",
            ],
            cwd=ROOT,
            env={**os.environ, **overrides},
            capture_output=True,
            text=True,
        )
        print(f"{profile}:")
        for figure in re.findall(r"^recovery: (.+)$", result.stdout, re.MULTILINE):
            print(f"  {figure}")
        print(f"  ({result.stdout.strip().splitlines()[-1]})")
        failed |= result.returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
