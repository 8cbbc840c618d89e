"""`tongbao ingest --ray` on a simulated two-node cluster (`ray.cluster_utils.Cluster`, one CPU a node,
one for the session): the documents spread over both nodes and the database equals the local pool's
row by row; a node that dies mid-document has its document run again elsewhere and changes nothing.
Marked slow: a cluster starts in ~30 s here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.factories import SAMPLES
from tests.ray_helpers import RaySessions, differences, document_count, ingest_striking

pytestmark = pytest.mark.slow


@pytest.fixture
def cluster(ray_sessions: RaySessions) -> RaySessions:
    ray_sessions.cluster()
    return ray_sessions


def test_the_samples_on_two_nodes_equal_the_local_pool(
    cluster: RaySessions, sample_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "ray.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db), "--ray", "auto"])
    assert result.exit_code == 0, result.output
    assert f"{document_count(sample_db)} loaded, 0 unchanged, 0 failed" in result.stderr
    assert "on Ray: 2 nodes, 2 CPUs" in result.stderr  # both nodes read documents
    assert differences(db, sample_db) == []


def _busy_on(node: Any) -> list[psutil.Process]:
    """`extract_documents` workers of `node` (children of its raylet) running now."""
    raylet = psutil.Process(node.all_processes["raylet"][0].process.pid)
    out = []
    for proc in raylet.children(recursive=True):
        try:
            if " ".join(proc.cmdline()).startswith("ray::extract_documents"):
                out.append(proc)
        except psutil.Error:
            continue
    return out


def test_a_node_lost_mid_run_changes_nothing(cluster: RaySessions, sample_db: Path, tmp_path: Path) -> None:
    """A third node joins, and is taken away (its processes killed, no goodbye) while it reads a
    document: that document runs again on the others, and the database is the local pool's."""
    node = cluster.add_node()

    def lose_it() -> bool:
        if not _busy_on(node):
            return False
        cluster.nodes.remove_node(node, allow_graceful=False)
        return True

    summary, lost = ingest_striking(SAMPLES, tmp_path / "ray.duckdb", lose_it)
    assert lost, "the third node never read a document"
    assert summary.failed == 0, [r.error for r in summary.results if r.error]
    assert differences(tmp_path / "ray.duckdb", sample_db) == []
