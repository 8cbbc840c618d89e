"""`python bench/batch.py --ray`: the local pool and Ray side by side, on the same documents.

A Ray of this machine (`ray.cluster_utils.Cluster`, one head node with every CPU) is started once in
this process, as `ray start --head` would be on a cluster, and every Ray run is the real `tongbao
ingest … --ray ADDRESS` joining it from a fresh process — what an analyst does on a cluster. The
local runs are `tongbao ingest` with its default worker count. They take turns (local, Ray, local,
Ray, …; the fastest of `--repeat` kept), so a neighbour's load slows both alike. One more Ray run,
`--ray` with no address, starts a Ray for itself: its extra seconds are Ray's start-up, paid once per
run without a cluster.

Measured on the mixed archive (half text, half born-digital PDF) and on scans with the OCR page
cache off. Prints a Markdown table with Ray's overhead against the pool, the measured cost of a
scanned page in core-seconds (wall seconds × CPUs ÷ pages on the local pool) and what that makes a
100,000-page backfill on a few cluster sizes.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from bench.batch import Config, fastest
from bench.measured_ingest import Run, ingest

BACKFILL_PAGES = 100_000
CLUSTER_CORES = (2, 16, 64, 256)


def _start(cpus: int, temp: Path) -> tuple[object, str]:
    """A one-node Ray with `cpus` CPUs, owned by this process (so stopping it stops only it)."""
    from ray.cluster_utils import Cluster

    cluster = Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": cpus,
            "include_dashboard": False,
            "temp_dir": str(temp),
            "object_store_memory": 1 << 30,  # `ray start`'s is ~30% of memory; Cluster's 150 MB
        },
    )
    cluster.wait_for_nodes()
    return cluster, cluster.address


def compare(work: Path, archive: list[Path], scans: list[Path], repeat: int) -> None:
    cpus = os.cpu_count() or 1
    scan_dir = work / "scans"
    scan_dir.mkdir(exist_ok=True)
    for scan in scans:
        shutil.copy(scan, scan_dir / scan.name)
    off = {"TONGBAO_CACHE_DIR": "off"}  # time the OCR engine, not the page cache
    from tests.ray_helpers import ray_environment

    os.environ.update(ray_environment())  # the lighter import path and a token of its own (no ~/.ray)
    load = os.getloadavg()[0]
    cold = ingest("mixed, Ray started by the run", archive, work / "mixed-cold.duckdb", None, None)
    temp = Path("/tmp") / f"tongbao-bench-ray-{os.getpid()}"  # short: Ray's socket paths have a limit
    cluster, address = _start(cpus, temp)
    try:
        pairs: list[tuple[Run, Run]] = []
        for label, paths, env in (("mixed text + PDF", archive, None), ("scans", [scan_dir], off)):
            tag = label[:5]
            local, on_ray = fastest(
                repeat,
                [
                    Config(label, paths, work / f"{tag}-local.duckdb", None, None, env),
                    Config(label, paths, work / f"{tag}-ray.duckdb", None, None, env, ("--ray", address)),
                ],
            )
            on_ray.workers = "Ray"
            pairs.append((local, on_ray))
    finally:
        cluster.shutdown()  # type: ignore[attr-defined]
        shutil.rmtree(temp, ignore_errors=True)
    print(
        f"{cpus} CPUs, load average {load:.1f} at the start (a machine shared with other work: compare "
        "the rows of one run, not absolute times)\n"
    )
    print(
        "| input | executor | documents | pages | seconds | documents/s | pages/min "
        "| Ray's overhead | first document loaded at (s) | documents/s once running |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    for local, on_ray in pairs:
        for r in (local, on_ray):
            over = f"{100 * (on_ray.seconds / local.seconds - 1):+.0f}%" if r is on_ray else ""
            name = "local pool" if r is local else "Ray (joined)"
            print(
                f"| {r.label} | {name} | {r.docs} | {r.pages} | {r.seconds:.1f} | {r.docs_per_s:.2f} "
                f"| {r.pages_per_min:.0f} | {over} | {r.first_doc:.1f} | {r.running_rate:.2f} |"
            )
    mixed_local = pairs[0][0]
    print(
        f"| mixed text + PDF | Ray (started by the run) | {cold.docs} | {cold.pages} | {cold.seconds:.1f} "
        f"| {cold.docs_per_s:.2f} | {cold.pages_per_min:.0f} "
        f"| {100 * (cold.seconds / mixed_local.seconds - 1):+.0f}% | {cold.first_doc:.1f} "
        f"| {cold.running_rate:.2f} |"
    )
    scans_local, scans_ray = pairs[1]
    if scans_local.pages:
        per_page = scans_local.seconds * cpus / scans_local.pages
        per_page_ray = scans_ray.seconds * cpus / scans_ray.pages
        print(
            f"\nA scanned page costs {per_page:.1f} core-seconds on the local pool, {per_page_ray:.1f} on "
            f"Ray (wall seconds × {cpus} CPUs ÷ pages, start-up included). A {BACKFILL_PAGES:,}-page "
            "backfill at the Ray figure, if the cluster scales linearly:"
        )
        print("\n| cores | hours |\n|---:|---:|")
        for cores in CLUSTER_CORES:
            print(f"| {cores} | {BACKFILL_PAGES * per_page_ray / cores / 3600:.1f} |")
    sys.stdout.flush()
