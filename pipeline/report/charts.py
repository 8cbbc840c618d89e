"""What the notebooks share, so each notebook cell shows its SQL and its chart and little else.

matplotlib's default font has no Chinese glyphs: every unit, site and province would be an empty box.
`use_cjk_font` registers a CJK font the project installs (Debian packages, see the README) instead of
relying on whatever the machine's font cache holds, and fails naming the package when none is there.
Figures are saved for the docs only when `TONGBAO_FIGURES` names a folder, so running a notebook
never writes files by surprise.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import store
from schemas.document import ProblemCategory
from schemas.exceptions import MissingDependency, UsageError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# (file, Debian package, preferred family names in the file: simplified-Chinese faces first)
CJK_FONTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk", ("Noto Sans CJK SC",)),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", "fonts-arphic-uming", ("AR PL UMing CN",)),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei", ("WenQuanYi Zen Hei",)),
)
DEFAULT_DB = Path("..") / "tongbao.duckdb"  # the notebooks' folder is beside the repo root's database

# Chinese names for the problem taxonomy, after the wording of the circulars, for chart labels.
CATEGORY_LABELS: dict[str, str] = {
    "site_unreachable": "站点无法访问",
    "homepage_stale": "首页长期不更新",
    "columns_stale": "栏目更新不及时",
    "blank_columns": "空白栏目",
    "broken_links": "链接不可用",
    "interaction_unresponsive": "互动不回应",
    "serious_errors": "严重错误",
    "score_over_limit": "扣分超过40分",
    "rectification_incomplete": "整改不到位",
    "closure_violation": "违规关停",
    "naming_nonstandard": "名称不规范",
    "missing_error_report_entry": "未加找错入口",
    "service_unusable": "办事不实用",
    "security_incident": "安全事件",
    "commercial_ads": "商业广告",
    "other": "其他",
}
assert set(CATEGORY_LABELS) == set(typing.get_args(ProblemCategory)), "label every taxonomy code"
UNIT_KIND_LABELS = {"city": "市", "county": "县", "district": "区", "department": "部门", "other": "其他"}


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese: register the first CJK font found and make it the default family.

    `TONGBAO_CJK_FONT` may name another font file. Returns the family name used.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    candidates = list(CJK_FONTS)
    if os.environ.get("TONGBAO_CJK_FONT"):
        candidates.insert(0, (os.environ["TONGBAO_CJK_FONT"], "(TONGBAO_CJK_FONT)", ()))
    for path, _package, preferred in candidates:
        if not Path(path).is_file():
            continue
        before = len(font_manager.fontManager.ttflist)
        font_manager.fontManager.addfont(path)
        # matplotlib ≥ 3.10 registers every face of a collection; older ones only the first.
        names = [f.name for f in font_manager.fontManager.ttflist[before:]]
        family = next((n for n in preferred if n in names), names[0] if names else None)
        if family is None:
            continue
        mpl.rcParams["font.family"] = "sans-serif"
        mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]  # DejaVu for glyphs the CJK font lacks
        mpl.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
        return family
    packages = " or ".join(p for _, p, _ in CJK_FONTS)
    raise MissingDependency(
        f"no CJK font for the charts' Chinese labels: install the Debian package {packages} "
        f"(`apt-get install {CJK_FONTS[0][1]}`), or set TONGBAO_CJK_FONT to a .ttf/.ttc/.otf file"
    )


def connect(db: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database read-only: `db`, else `$TONGBAO_DB`, else ../tongbao.duckdb (what `make run` builds).

    Read-only so that several notebooks can have it open at once. DuckDB still lets no writer in while
    a reader holds the file: shut the kernels down (or `con.close()`) before `tongbao ingest`.
    """
    path = Path(db or os.environ.get("TONGBAO_DB") or DEFAULT_DB)
    if not path.exists():
        raise UsageError(
            f"no database at {path.resolve()}: run `make run` at the repository root, "
            "or set TONGBAO_DB to the file `tongbao ingest --db` wrote"
        )
    return store.connect(path, read_only=True)


def save(fig: Figure, name: str) -> Path | None:
    """Write the figure to `$TONGBAO_FIGURES/<name>.png` when that variable is set (docs screenshots)."""
    folder = os.environ.get("TONGBAO_FIGURES")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def barh(
    df: pd.DataFrame,
    label: str,
    value: str,
    *,
    title: str,
    xlabel: str,
    color: str | None = None,
    hue: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars, largest on top, each with its value: the shape of every 'who lost most' chart.

    `hue` names a column whose values get one colour each, with a legend (e.g. city vs department).
    """
    import matplotlib.pyplot as plt

    data = df.sort_values(value, ascending=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.5, 0.32 * len(data) + 1)))
    colours = None
    if hue is not None:
        cycle = plt.get_cmap("tab10")
        palette = {key: cycle(i % 10) for i, key in enumerate(data[hue].drop_duplicates())}
        colours = [palette[v] for v in data[hue]]
    bars = ax.barh(data[label].astype(str), data[value], color=colours or color)
    ax.bar_label(bars, fmt="%g", padding=3, fontsize=8)
    if hue is not None:
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=c, label=str(k)) for k, c in palette.items()], loc="lower right")
    _finish(ax, title, xlabel, integer=bool((data[value].dropna() % 1 == 0).all()))
    ax.margins(x=0.12)
    return ax.figure  # type: ignore[return-value]


def stacked_barh(table: pd.DataFrame, *, title: str, xlabel: str, legend: str) -> Figure:
    """One bar per row of a pivot table, its columns stacked (e.g. unit × reason), largest on top."""
    import matplotlib.pyplot as plt

    data = table.loc[table.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.4 * len(data) + 1.5)))
    data.plot.barh(stacked=True, ax=ax, colormap="tab10" if len(data.columns) <= 10 else "tab20")
    ax.legend(title=legend, fontsize=8, loc="lower right")
    ax.set_ylabel("")
    _finish(ax, title, xlabel, integer=bool((data.to_numpy() % 1 == 0).all()))
    return fig


def _finish(ax: Axes, title: str, xlabel: str, integer: bool) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.set_title(title)
    ax.set_xlabel(xlabel)
    if integer:  # counts and whole points: no 0.25 ticks
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.figure.tight_layout()  # type: ignore[union-attr]


def heatmap(table: pd.DataFrame, *, title: str, colorbar: str, fmt: str = "{:g}") -> Figure:
    """A pivot table as coloured cells with the numbers written in; empty cells stay blank.

    Rows are the table's index, columns its columns (e.g. problem category × province-period).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    values = table.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(1.1 * len(table.columns) + 3, 0.42 * len(table) + 1.6))
    shown = np.ma.masked_invalid(np.where(values == 0, np.nan, values))
    image = ax.imshow(shown, cmap="Reds", aspect="auto")
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), [str(i) for i in table.index])
    high = np.nanmax(shown.filled(np.nan)) if shown.count() else 0
    for (i, j), v in np.ndenumerate(values):
        if v:
            ax.text(
                j,
                i,
                fmt.format(v),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if v > 0.6 * high else "black",
            )
    fig.colorbar(image, ax=ax, label=colorbar, shrink=0.8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def category_label(code: str | None) -> str:
    """'站点无法访问 (site_unreachable)': Chinese for the reader, the code for writing SQL."""
    if code is None:
        return "未分类 (NULL)"
    return f"{CATEGORY_LABELS.get(code, code)} ({code})"


def wrap(text: str | None, width: int = 14) -> str:
    """Break a long Chinese name onto several lines for an axis label (CJK text has no spaces to break at)."""
    if not text:
        return ""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def shorten(items: Sequence[Any], limit: int = 3) -> str:
    """A list cell as short text for a table: the first few items and how many more."""
    shown = [str(i) for i in items[:limit]]
    return "；".join(shown) + (f" …(+{len(items) - limit})" if len(items) > limit else "")
