"""Every notebook runs top to bottom in a real Jupyter kernel against the sample database.

A cell that raises fails the test, and so does a chart with a Chinese label the font cannot draw
(matplotlib warns `Glyph … missing from font(s)`; on screen that is an empty box). The kernel is this
virtualenv's Python, declared in a kernelspec of our own so that no `python3` kernel installed
elsewhere on the machine is picked up, and nothing needs the network.

To refresh the screenshots in docs/figures, run these tests with TONGBAO_FIGURES=docs/figures.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.report import charts
from schemas.exceptions import MissingDependency, UsageError

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernelspec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `python3` kernelspec for this interpreter, put first on JUPYTER_PATH by the test."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (tongbao)",
                "language": "python",
            }
        )
    )
    return root


def test_there_are_notebooks() -> None:
    names = {p.stem for p in NOTEBOOKS}
    assert {"explore", "deductions", "findings", "stats", "quality"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(
    path: Path, sample_db: Path, kernelspec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TONGBAO_DB", str(sample_db))
    monkeypatch.setenv("JUPYTER_PATH", str(kernelspec))
    monkeypatch.setenv("PYTHONWARNINGS", "default")  # show every font warning, not only the first
    if os.environ.get("TONGBAO_FIGURES"):  # the kernel runs in notebooks/: make the folder absolute
        monkeypatch.setenv("TONGBAO_FIGURES", str(Path(os.environ["TONGBAO_FIGURES"]).resolve()))
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    streams = [
        out.get("text", "")
        for cell in book.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("output_type") == "stream"
    ]
    missing = [s for s in streams if "missing from font" in s or "Glyph" in s]
    assert not missing, f"{path.name}: characters the chart font cannot draw: {missing[:2]}"
    images = sum("image/png" in out.get("data", {}) for cell in book.cells for out in cell.get("outputs", []))
    assert images >= 1, f"{path.name} drew no chart"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stripped_and_reads_well(path: Path) -> None:
    """Outputs stay out of git (they churn and hold local paths); each notebook opens with its question."""
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name} has outputs: clear them (Jupyter: Edit → Clear Outputs of All Cells)"
            )
    assert book.cells[0].cell_type == "markdown" and book.cells[0].source.startswith("# ")
    assert book.metadata["kernelspec"]["name"] == "python3"


def test_cjk_font_draws_chinese() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = charts.use_cjk_font()
    fig, ax = plt.subplots()
    ax.set_title("云南省人民政府办公厅 扣分 · 整改不到位")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" becomes an exception
        fig.canvas.draw()
    plt.close(fig)
    assert "CJK" in family or "Ming" in family or "Hei" in family


def test_missing_cjk_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "CJK_FONTS", (("/nonexistent/font.ttc", "fonts-noto-cjk", ("X",)),))
    monkeypatch.delenv("TONGBAO_CJK_FONT", raising=False)
    with pytest.raises(MissingDependency, match="fonts-noto-cjk"):
        charts.use_cjk_font()


def test_connect_says_how_to_build_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_DB", str(tmp_path / "none.duckdb"))
    with pytest.raises(UsageError, match="make run"):
        charts.connect()
