"""Keeping the copies of each circular settled as documents come and go: which circular each document
is a copy of (`documents.circular_id`), which copy is primary, and the row tables holding the
primary's rows only. Runs inside the caller's transaction (a load or a delete), so a circular is
never seen half-settled.

`plan` decides from the database and the arriving documents, without writing: the groups of copies
touched (those an arriving or departing document was or becomes part of), each ranked by evidence
(`pipeline.store.identity`). The writer then moves rows where a group's primary changed — a demoted
primary's rows leave the row tables, a promoted copy's rows enter them from its JSON
(`document_content.rows_json`, kept for every document) — and recomputes the copies' disagreements
with their primary as doubts. A circular nothing arrived in or left is not touched, and copies that
read alike are matched once, so loading the hundredth copy of a circular costs about what the first did.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipeline.store import identity as ident
from pipeline.store.ddl import TABLE_BY_NAME, TABLES, TableSpec
from pipeline.store.disagreements import disagreements
from schemas import Circular, Doubt
from schemas.doubts import COPY_CODES

#: the tables holding each circular's rows once (its primary copy's)
CIRCULAR_TABLES: tuple[TableSpec, ...] = tuple(t for t in TABLES if t.per_circular)
_IDENTITY_COLUMNS = """d.doc_id, d.circular_id, d.is_primary, d.issuer, d.doc_number, d.title, d.issue_date,
    d.period_year, d.period_quarter, d.period_half, d.period_month, d.media_type, d.ocr_engine,
    d.ocr_confidence, c.content_sha, c.content_chars, c.sketch, c.annexes_read, c.rows_read,
    c.header_fields, c.doubts, pp.live, d.matched_by, d.primary_reason"""
# the paths a document was seen under where no other document was seen since: a document none of whose
# paths is live is an older version of a file that has changed (its path now holds other bytes)
_LIVE_PATHS = """SELECT p.doc_id, list(p.source_path) FILTER (WHERE NOT EXISTS (
            SELECT 1 FROM document_paths q
            WHERE q.source_path = p.source_path AND q.doc_id <> p.doc_id AND q.last_seen > p.last_seen))
        AS live
    FROM document_paths p WHERE p.doc_id IN (SELECT doc_id FROM touched) GROUP BY p.doc_id"""


@dataclass
class Member:
    """A document of a group: its identity, and what it was before this load."""

    ident: ident.Identity
    arriving: bool
    was_primary: bool = False
    old_circular: str | None = None
    was: tuple[str, bool, str | None, str | None] | None = None  # its documents columns before


@dataclass
class Group:
    """The copies of one circular after the load, best first."""

    members: list[Member]
    circular_id: str = ""
    matched_by: dict[str, str | None] = field(default_factory=dict)
    reasons: dict[str, str | None] = field(default_factory=dict)
    old_primaries: dict[str, str] = field(default_factory=dict)  # old circular_id → its primary then

    @property
    def primary(self) -> Member:
        return self.members[0]

    def needs_doubts(self, m: Member) -> bool:
        """Whether a member's disagreements with its primary may have changed."""
        p = self.primary
        return m.arriving or p.arriving or self.old_primaries.get(m.old_circular or "") != p.ident.doc_id


@dataclass
class Plan:
    groups: list[Group]
    departing: list[str]  # documents leaving for good (deleted)


def plan(
    con: duckdb.DuckDBPyConnection,
    arriving: Sequence[Circular],
    deleted: Sequence[str] = (),
    paths: Mapping[str, Sequence[str]] | None = None,
) -> Plan:
    """The groups the arriving documents (new or re-extracted) and the deleted ones touch, settled.

    `paths` are where each arriving document was found (default: its source_path)."""
    new = {c.doc_id: ident.identity_of(c) for c in arriving}
    found_at = paths or {c.doc_id: [c.source_path] for c in arriving}
    leaving = set(new) | set(deleted)
    touched = _touched_circulars(con, list(new.values()), leaving)
    replaced = {p for d in new for p in found_at.get(d, ())}
    before = _members(con, touched, replaced)  # doc_id → (identity, circular_id, is_primary)
    by_circular: dict[str, list[Member]] = {}
    for old, cid, primary, columns in before.values():
        by_circular.setdefault(cid, []).append(Member(old, False, primary, cid, columns))
    joined: list[list[ident.Identity]] = []
    placed: dict[str, Member] = {}
    old_primaries = {cid: m.ident.doc_id for cid, ms in by_circular.items() for m in ms if m.was_primary}
    for ms in by_circular.values():
        stay = [m for m in ms if m.ident.doc_id not in leaving]
        same = [m for m in ms if m.ident.doc_id in new and new[m.ident.doc_id].same_reading(m.ident)]
        for m in same:  # re-extracted, still reading as the same circular: stays in its group
            m.ident, m.arriving = new[m.ident.doc_id], True
        kept = stay + same
        placed.update((m.ident.doc_id, m) for m in kept)
        if len(kept) == len(ms):
            joined.append([m.ident for m in kept])  # lost no member: still connected
        else:  # a member left or reads otherwise now: what is left may fall apart
            joined += ident.groups([m.ident for m in kept])
    loose = []
    for doc_id, i in new.items():
        if doc_id not in placed:
            was = before.get(doc_id)
            placed[doc_id] = Member(i, True, was[2] if was else False, was[1] if was else None)
            loose.append(i)
    sizes = {cid: len(ms) for cid, ms in by_circular.items()}
    groups = []
    for g in ident.groups(loose, joined):
        members = [placed[i.doc_id] for i in g]
        olds = {m.old_circular for m in members}
        if not any(m.arriving for m in members) and len(olds) == 1 and sizes.get(olds.pop() or "") == len(g):
            continue  # a circular nothing arrived in or left: as it was
        groups.append(_settle(members, old_primaries))
    _unique_ids(con, groups)
    return Plan(groups, list(deleted))


def _touched_circulars(
    con: duckdb.DuckDBPyConnection, new: list[ident.Identity], leaving: set[str]
) -> list[str]:
    """Circulars an arriving document may be a copy of, and those the leaving documents belong to.

    A candidate shares a 文号, title or 成文日期 with an arriving document (as printed: extraction writes
    them canonical), or its text: the same content_sha, or one of the smallest hashes of either's
    sketch in the other's — texts mostly inside one another share those (a MinHash band). The
    issuer alone is no key: an office's hundred circulars would all be read for every new one."""
    if not new and not leaving:
        return []
    keys = {
        "numbers": [i.raw[0] for i in new if i.raw[0]],
        "titles": [i.raw[2] for i in new if i.raw[2]],
        "dates": [i.issue_date for i in new if i.issue_date],
        "texts": [i.content_sha for i in new if i.content_sha],
        "smallest": sorted({h for i in new if i.content_sha for h in i.sketch[:BAND]}),
        "sketches": sorted({h for i in new if i.content_sha for h in i.sketch}),
    }
    found = con.execute(
        f"""SELECT DISTINCT d.circular_id FROM documents d JOIN document_content c USING (doc_id)
        WHERE d.circular_id IS NOT NULL AND (d.doc_id IN (SELECT unnest(?::VARCHAR[]))
           OR d.doc_number IN (SELECT unnest(?::VARCHAR[]))
           OR d.title IN (SELECT unnest(?::VARCHAR[]))
           OR d.issue_date IN (SELECT unnest(?::DATE[]))
           OR c.content_sha IN (SELECT unnest(?::VARCHAR[]))
           OR (c.content_sha IS NOT NULL AND (list_has_any(c.sketch, ?::BIGINT[])
                                               OR list_has_any(c.sketch[1:{BAND}], ?::BIGINT[]))))""",
        [sorted(leaving), *keys.values()],
    ).fetchall()
    return [r[0] for r in found]


#: how many of a sketch's smallest hashes make its band: texts mostly inside one another share one
BAND = 8


def _members(
    con: duckdb.DuckDBPyConnection, circulars: list[str], replaced: set[str]
) -> dict[str, tuple[ident.Identity, str, bool, tuple[str, bool, str | None, str | None]]]:
    """The documents of the circulars, as identities; `replaced` are paths where arriving documents
    were just found (whatever was seen there before is an older version now)."""
    if not circulars:
        return {}
    rows = con.execute(
        f"""WITH touched AS (SELECT doc_id FROM documents WHERE circular_id IN (SELECT unnest(?::VARCHAR[]))),
                 pp AS ({_LIVE_PATHS})
            SELECT {_IDENTITY_COLUMNS} FROM documents d JOIN document_content c USING (doc_id)
            LEFT JOIN pp USING (doc_id)
            WHERE d.doc_id IN (SELECT doc_id FROM touched) ORDER BY d.doc_id""",
        [circulars],
    ).fetchall()
    out = {}
    for r in rows:
        (doc_id, cid, primary, issuer, number, title, date, y, q, h, m, media, engine, conf) = r[:14]
        sha, chars, sk, annexes, nrows, fields, ndoubts, live, how, why = r[14:]
        out[doc_id] = (
            ident.Identity(
                doc_id=doc_id,
                issuer=ident._clean(issuer),
                doc_number=ident._clean(number),
                title=ident._clean(title),
                issue_date=date,
                period=(y, q, h, m),
                content_sha=sha,
                content_chars=chars,
                sketch=tuple(sk or ()),
                media_type=media,
                ocr_confidence=conf,
                ocr=engine is not None,
                annexes_read=annexes,
                rows_read=nrows,
                header_fields=fields,
                doubts=ndoubts,
                raw=(number, issuer, title),
                current=live is None or bool(set(live) - replaced),
            ),
            cid,
            bool(primary),
            (cid, bool(primary), how, why),
        )
    return out


def _settle(members: list[Member], old_primaries: dict[str, str]) -> Group:
    """Rank a group, and say how each copy joined it and why its primary won."""
    order = {i.doc_id: n for n, i in enumerate(ident.ranked([m.ident for m in members]))}
    members = sorted(members, key=lambda m: order[m.ident.doc_id])
    g = Group(members, old_primaries={k: v for k, v in old_primaries.items()})
    p = g.primary.ident
    longest = max(m.ident.content_chars for m in members)
    g.matched_by[p.doc_id] = None
    if len(members) > 1:
        runner = members[1].ident
        g.reasons[p.doc_id] = f"preferred over {runner.doc_id}: {ident.reason(p, runner, longest)}"
    for m in members[1:]:
        i = m.ident
        g.matched_by[i.doc_id] = ident.match(i, p) or next(
            (r for o in members if o is not m and (r := ident.match(i, o.ident))), None
        )
        g.reasons[i.doc_id] = f"{p.doc_id} preferred over this copy: {ident.reason(p, i, longest)}"
    g.circular_id = ident.circular_id(p.key)
    return g


def _unique_ids(con: duckdb.DuckDBPyConnection, groups: list[Group]) -> None:
    """Two circulars whose primaries read the same key (an OCR misreading the 文号 of another) keep
    apart: the second takes the key with its primary's doc_id."""
    mine = {m.ident.doc_id for g in groups for m in g.members}
    taken = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT circular_id FROM documents WHERE circular_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND doc_id NOT IN (SELECT unnest(?::VARCHAR[]))",
            [[g.circular_id for g in groups], sorted(mine)],
        ).fetchall()
    }
    for g in sorted(groups, key=lambda g: g.primary.ident.doc_id):
        if g.circular_id in taken:
            g.circular_id = ident.circular_id(f"{g.primary.ident.key}|{g.primary.ident.doc_id}")
        taken.add(g.circular_id)


# --- applying a plan --------------------------------------------------------------------------


def rows_json(circular: Circular) -> str:
    """A document's rows of the per-circular tables, as kept in document_content.rows_json."""
    fields = {t.source for t in CIRCULAR_TABLES if t.source}
    return circular.model_dump_json(include=fields)


def with_rows(circular: Circular, data: str | None) -> Circular:
    """The document with its per-circular rows read back from rows_json."""
    return circular.model_copy(update=_parse(data)) if data else circular


def _parse(data: str) -> dict[str, Any]:
    raw = json.loads(data)
    out: dict[str, Any] = {}
    for t in CIRCULAR_TABLES:
        assert t.source is not None and t.model is not None
        out[t.source] = [t.model.model_validate(r) for r in raw.get(t.source, [])]
    return out


def copy_doubts(g: Group, m: Member, read: dict[str, Circular]) -> list[Doubt]:
    """The disagreements of a copy with its group's primary (none for the primary itself)."""
    if m is g.primary:
        return []
    return disagreements(read[m.ident.doc_id], read[g.primary.ident.doc_id])


def documents_update(g: Group, m: Member) -> tuple[str, bool, str | None, str | None]:
    d = m.ident.doc_id
    return (g.circular_id, m is g.primary, g.matched_by.get(d), g.reasons.get(d))


def existing_updates(p: Plan) -> list[tuple[str, str, bool, str | None, str | None]]:
    """(doc_id, circular_id, is_primary, matched_by, primary_reason) for the documents already loaded."""
    return [
        (m.ident.doc_id, *documents_update(g, m))
        for g in p.groups
        for m in g.members
        if not m.arriving
        and documents_update(g, m) != m.was  # a large circular: most copies stay as they were
    ]


def write_updates(
    con: duckdb.DuckDBPyConnection, updates: list[tuple[str, str, bool, str | None, str | None]]
) -> None:
    if not updates:
        return
    cols = list(zip(*updates, strict=True))
    con.execute(
        """UPDATE documents SET circular_id = u.cid, is_primary = u.prim, matched_by = u.how,
               primary_reason = u.why
           FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS cid, unnest(?::BOOLEAN[]) AS prim,
                        unnest(?::VARCHAR[]) AS how, unnest(?::VARCHAR[]) AS why) u
           WHERE documents.doc_id = u.id""",
        [list(c) for c in cols],
    )


def replace_copy_doubts(
    con: duckdb.DuckDBPyConnection,
    found: dict[str, list[Doubt]],
    offsets: dict[str, int],
    fresh: set[str],
) -> list[tuple[Any, ...]]:
    """Drop the documents' old copy doubts (`fresh` ones have none left); the new ones as `doubts`
    rows, numbered after extraction's."""
    stale = sorted(d for d in found if d not in fresh)
    if stale:
        con.execute(
            "DELETE FROM doubts WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND code IN (SELECT unnest(?::VARCHAR[]))",
            [stale, sorted(COPY_CODES)],
        )
    spec = TABLE_BY_NAME["doubts"]
    out = []
    for doc_id, doubts in found.items():
        for n, d in enumerate(doubts, start=offsets.get(doc_id, 0) + 1):
            values = {**d.model_dump(), "doc_id": doc_id, "ord": n}
            out.append(tuple(values[c] for c in spec.names))
    return out


def refresh_warnings(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    """documents.warnings follows the doubts table (one sentence per doubt, in order)."""
    if doc_ids:
        con.execute(
            """UPDATE documents SET warnings = u.w
               FROM (SELECT i.id, coalesce(list(d.message ORDER BY d.ord) FILTER (WHERE d.message IS NOT NULL),
                                           []) AS w
                     FROM (SELECT unnest(?::VARCHAR[]) AS id) i LEFT JOIN doubts d ON d.doc_id = i.id
                     GROUP BY i.id) u
               WHERE documents.doc_id = u.id""",
            [doc_ids],
        )
