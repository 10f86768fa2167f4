"""Benchmark: import a 10,000-question Markdown bank, re-import it unchanged, then with one
question edited; on SQLite and PostgreSQL, next to issue 14's targets and, in the same run, the
code of another tree (the baseline, e.g. a worktree of main).

Run from the repository root::

    .venv/bin/python bench/bank_import.py                     # SQLite and PostgreSQL
    BENCH_BASELINE=/work/wt/import-base .venv/bin/python bench/bank_import.py

Each import runs in a fresh process on a throw-away database: a temporary SQLite file, and a
PostgreSQL database ``panel_import_bench_<pid>`` on BENCH_POSTGRES (default
postgres://postgres@127.0.0.1:5432; BENCH_DATABASES=sqlite skips it), dropped at exit.

Memory, against the file's size: the growth of the process's peak resident set size during
the timed first import (everything: Python objects, the database driver's buffers, SQLite's
page cache); with BENCH_MEMORY=1 also the peak of Python allocations during a first import
(tracemalloc, in another process: tracing makes the import about ten times slower).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = {"first": 20.0, "noop": 3.0, "edited": 3.0, "memory": 20.0}


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_import(path: Path) -> dict:
    from django.core.management import call_command
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    out = open(os.devnull, "w")  # noqa: SIM115 (closed below)
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        call_command("import_questions", str(path), stdout=out)
        seconds = time.perf_counter() - started
    out.close()
    return {"seconds": seconds, "queries": queries}


def child(code_root: Path, database: str, mode: str) -> dict:
    """One tree's imports on one fresh database (runs in its own process)."""
    sys.path.insert(0, str(HERE))
    from bank_setup import bank_file_write, database_prepare

    if database == "postgres":
        server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        os.environ["DATABASE_URL"] = f"{server}/panel_import"
    else:
        os.environ.pop("DATABASE_URL", None)
    database_prepare(code_root=code_root)
    folder = Path(tempfile.mkdtemp(prefix="panel-bench-import-"))
    path = bank_file_write(folder)
    size_mb = path.stat().st_size / 2**20
    result = {"file_mb": size_mb}
    if mode == "memory":
        import tracemalloc

        tracemalloc.start()
        _timed_import(path)
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        return result
    rss_before = _rss_mb()
    result["first"] = _timed_import(path)
    result["rss_growth_mb"] = _peak_rss_mb() - rss_before
    result["noop"] = _timed_import(path)
    text = path.read_text(encoding="utf-8").replace("  - minutes: ", "  - minutes: 1", 1)
    path.write_text(text, encoding="utf-8")
    result["edited"] = _timed_import(path)
    from questionbank.models import Question

    result["questions"] = Question.objects.count()
    return result


def _run_child(code_root: Path, database: str, mode: str) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", str(code_root), database, mode],
        cwd=code_root,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr[-3000:])
        raise SystemExit(f"{code_root} on {database} ({mode}) failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _load() -> str:
    return "load average " + " / ".join(f"{load:.1f}" for load in os.getloadavg())


def _cell(result: dict, step: str) -> str:
    return f"{result[step]['seconds']:.1f} s, {result[step]['queries']:,} queries"


def _ratio(mib: float, file_mib: float) -> str:
    return f"{mib:.0f} MiB = {mib / file_mib:.1f}x"


def main() -> None:
    databases = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    trees = {"this tree": ROOT}
    if os.environ.get("BENCH_BASELINE"):
        trees = {"baseline": Path(os.environ["BENCH_BASELINE"]).resolve(), **trees}
    memory = os.environ.get("BENCH_MEMORY") == "1"  # tracing makes an import ~10x slower
    for name, root in trees.items():
        print(f"{name}: {root}")
    for database in databases:
        results = {}
        for name, root in trees.items():
            load = _load()
            results[name] = _run_child(root, database, "time")
            results[name]["load"] = load
            if memory:
                results[name].update(_run_child(root, database, "memory"))
        any_result = next(iter(results.values()))
        print(
            f"\n{database}: {any_result['questions']:,} questions, "
            f"file {any_result['file_mb']:.1f} MiB"
        )
        header = ["figure", *results, "target"]
        print(" | ".join(header))
        rows = [
            ("first import", "first", f"< {TARGETS['first']:.0f} s"),
            ("re-import, nothing changed", "noop", f"< {TARGETS['noop']:.0f} s"),
            ("re-import, one question edited", "edited", ""),
        ]
        for label, step, target in rows:
            print(" | ".join([label, *(_cell(r, step) for r in results.values()), target]))
        if memory:
            print(
                " | ".join(
                    [
                        "first import, traced Python peak / file",
                        *(_ratio(r["traced_peak_mb"], r["file_mb"]) for r in results.values()),
                        f"< {TARGETS['memory']:.0f}x",
                    ]
                )
            )
        print(
            " | ".join(
                [
                    "first import, peak RSS growth / file",
                    *(_ratio(r["rss_growth_mb"], r["file_mb"]) for r in results.values()),
                    "",
                ]
            )
        )
        print(
            " | ".join(
                ["load average (1/5/15 min) at start", *(r["load"] for r in results.values()), ""]
            )
        )
        if "baseline" in results:
            base, new = results["baseline"], results["this tree"]
            ratios = ", ".join(
                f"{step} {base[step]['seconds'] / new[step]['seconds']:.1f}x faster"
                for step in ("first", "noop", "edited")
            )
            print(f"this tree against the baseline: {ratios}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(Path(sys.argv[2]), sys.argv[3], sys.argv[4])))
    else:
        main()
