"""Views for the questions analysts ask first, each with a comment on the view and on every column.

The same circular often reaches us twice (the PDF and the web page, a scan and its text): those are
different bytes, hence different documents. `circulars` keeps one document per circular, and the
aggregate views count from it, so points and findings are not counted twice. The review views
(`document_warnings`, `doubtful_rows`, `document_quality`) keep every copy instead, because each
copy was read on its own and can be doubtful on its own; their `counted` column says which copy the
aggregates use.

Views are created in the order of `VIEWS`; a view may read the ones before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from normalizers.layout_settings import LAYOUT
from pipeline.store.ddl import TABLE_BY_NAME

LOW_CONFIDENCE = LAYOUT.low_confidence


@dataclass(frozen=True)
class ViewSpec:
    name: str
    description: str
    sql: str
    columns: dict[str, str]  # column → comment; every column of the view must be here


_PERIOD = {
    "period_year": "year the spot checks cover",
    "period_quarter": "quarter covered (1–4), NULL for half-yearly or monthly circulars",
    "period_half": "half year covered (1–2), NULL otherwise",
    "period_month": "month covered (monthly circulars), NULL otherwise",
    "period": "the period as one sortable label: 2017Q2, 2017H1, 2017-09 or 2017; NULL when unknown",
    "period_start": "first day of the period, for a time axis; NULL when the year is unknown",
}


def _period(t: str) -> str:
    """The period columns of circulars alias `t`, plus a label and a start date for charts."""
    return f"""{t}.period_year, {t}.period_quarter, {t}.period_half, {t}.period_month,
           CASE WHEN {t}.period_year IS NULL THEN NULL
                WHEN {t}.period_quarter IS NOT NULL THEN {t}.period_year || 'Q' || {t}.period_quarter
                WHEN {t}.period_half IS NOT NULL THEN {t}.period_year || 'H' || {t}.period_half
                WHEN {t}.period_month IS NOT NULL THEN {t}.period_year || '-' || lpad({t}.period_month::VARCHAR, 2, '0')
                ELSE {t}.period_year::VARCHAR END AS period,
           make_date({t}.period_year, coalesce(3 * {t}.period_quarter - 2, 6 * {t}.period_half - 5,
                                                 {t}.period_month, 1), 1) AS period_start"""


# What identifies a circular across its copies; `circulars` keeps one document per key.
_CIRCULAR_KEY = """coalesce(d.issuer || '|' || d.doc_number,
                        d.issuer || '|' || d.title || '|' || CAST(d.issue_date AS VARCHAR),
                        d.doc_id)"""
# Every document with its circular's key and whether it is the copy the aggregate views count.
_DOCS = f"""docs AS (
        SELECT d.*, {_CIRCULAR_KEY} AS circular_key,
               d.doc_id IN (SELECT doc_id FROM circulars) AS counted
        FROM documents d)"""
_DOC_COLUMNS = {
    "doc_id": "the document (documents.doc_id)",
    "circular_key": "the circular the document is a copy of (circulars.circular_key)",
    "counted": "whether this copy is the one `circulars` and the aggregate views count",
    "issuer": "issuing office (发文机关)",
    "title": "title of the circular",
    "media_type": "how the document was read: pdf_text, pdf_scan, image, text, html, word, spreadsheet, ofd",
    "ocr_confidence": "mean OCR confidence of the document, 0–1; NULL when no OCR ran",
}

CIRCULARS = ViewSpec(
    "circulars",
    "One row per circular: `documents` with copies of the same circular (same issuer and 发文字号, or same "
    "issuer, title and date) collapsed to one document, preferring text sources over OCR.",
    f"""
    SELECT *
    FROM (
        SELECT d.*, {_CIRCULAR_KEY} AS circular_key,
               count(*) OVER (PARTITION BY circular_key) AS copies
        FROM documents d
    )
    QUALIFY row_number() OVER (PARTITION BY circular_key
                               ORDER BY ocr_engine IS NOT NULL, ocr_confidence DESC NULLS LAST, doc_id) = 1
    """,
    {
        **{c.name: c.description for c in TABLE_BY_NAME["documents"].columns},
        "circular_key": "what identifies the circular across copies: issuer|doc_number, else "
        "issuer|title|issue_date, else doc_id",
        "copies": "documents holding this circular (1 unless it was ingested from several files)",
    },
)

DEDUCTIONS_BY_CITY = ViewSpec(
    "deductions_by_city",
    "Points deducted per unit (city, county or department) and period, over all circulars: which cities "
    "lost the most points? Filter on unit_kind for cities or departments. Counts each circular once "
    "(see `circulars`).",
    f"""
    SELECT c.issuer_province, c.issuer_city, x.unit, x.unit_kind,
           {_period("c")},
           sum(x.points_deducted) AS points_deducted,
           count(DISTINCT x.doc_id) AS circulars,
           count(*) AS listings
    FROM deductions x
    JOIN circulars c USING (doc_id)
    GROUP BY ALL
    """,
    {
        "issuer_province": "province of the issuing office; NULL for national circulars",
        "issuer_city": "city of the issuing office; NULL for national and provincial circulars",
        "unit": "unit that lost points, as printed (聊城市, 省农业厅)",
        "unit_kind": "city, county, district, department or other",
        **_PERIOD,
        "points_deducted": "total points lost by the unit in the period (sum over circulars and tables)",
        "circulars": "circulars that list the unit in a deductions table in the period",
        "listings": "rows listing the unit (one circular may list it in several tables)",
    },
)

FINDINGS_BY_PROVINCE = ViewSpec(
    "findings_by_province",
    "Website findings per province, period and problem category (a finding with several categories "
    "counts in each): which problems recur in which province? Counts each circular once (see `circulars`).",
    f"""
    SELECT f.site_province, {_period("c")},
           f.problem_category,
           count(*) AS findings,
           count(DISTINCT coalesce(f.site_code, f.site_name)) AS sites,
           count(DISTINCT f.doc_id) AS circulars
    FROM (
        SELECT * REPLACE (coalesce(w.site_province, d.issuer_province) AS site_province),
               unnest(CASE WHEN len(w.problem_categories) = 0 THEN [NULL::VARCHAR]
                           ELSE w.problem_categories END) AS problem_category
        FROM website_findings w
        JOIN documents d USING (doc_id)  -- a provincial or city circular lists sites of its own province
    ) f
    JOIN circulars c USING (doc_id)
    GROUP BY ALL
    """,
    {
        "site_province": "province of the site, from its 网站标识码, else the issuing office's province; "
        "NULL for a national circular's site without a code",
        **_PERIOD,
        "problem_category": "taxonomy code of the problem; NULL for findings left uncategorised",
        "findings": "website findings with this category",
        "sites": "distinct websites (by site_code, else by site_name)",
        "circulars": "circulars the findings come from",
    },
)

REPEAT_OFFENDERS = ViewSpec(
    "repeat_offenders",
    "Websites (by 网站标识码) listed in more than one circular or annex: the sites that keep failing.",
    """
    SELECT f.site_code,
           list_sort(list_distinct(list(f.site_name))) AS site_names,
           any_value(f.site_province) AS site_province,
           any_value(f.site_city) AS site_city,
           any_value(f.site_county) AS site_county,
           count(*) AS times_listed,
           count(DISTINCT f.doc_id) AS circulars,
           count(DISTINCT (f.doc_id, f.annex_no)) AS annexes,
           min(c.issue_date) AS first_listed,
           max(c.issue_date) AS last_listed,
           list_sort(list_distinct(flatten(list(f.problem_categories)))) AS problem_categories,
           list_sort(list_distinct(list(f.doc_id))) AS doc_ids
    FROM website_findings f
    JOIN circulars c USING (doc_id)
    WHERE f.site_code IS NOT NULL
    GROUP BY f.site_code
    HAVING count(DISTINCT (f.doc_id, f.annex_no)) > 1
    """,
    {
        "site_code": "网站标识码 of the site",
        "site_names": "names the site was listed under, distinct",
        "site_province": "province of the site code",
        "site_city": "prefecture of the site code",
        "site_county": "county of the site code; NULL for city-level codes",
        "times_listed": "rows listing the site",
        "circulars": "circulars listing the site",
        "annexes": "distinct (circular, annex) pairs listing the site",
        "first_listed": "issue date (成文日期) of the earliest circular listing the site",
        "last_listed": "issue date of the latest circular listing the site",
        "problem_categories": "taxonomy codes of every problem found on the site, distinct",
        "doc_ids": "documents listing the site",
    },
)

STATS_BY_PERIOD = ViewSpec(
    "stats_by_period",
    "One row per circular with its headline figures: sites running, sampled and failing, pass rate and "
    "sample ratio. A body often states several (the national office's own check, then the local ones): "
    "the headline is the first stated; `stats` has them all.",
    f"""
    WITH first AS (  -- the first figure stated for each metric, and the sentence it came from
        SELECT doc_id, metric, arg_min(value, ord) AS value, arg_min(evidence, ord) AS evidence,
               count(*) AS stated
        FROM stats GROUP BY doc_id, metric
    ), wide AS (
        SELECT doc_id,
               any_value(value) FILTER (WHERE metric = 'sites_running') AS sites_running,
               any_value(value) FILTER (WHERE metric = 'sites_sampled') AS sites_sampled,
               any_value(value) FILTER (WHERE metric = 'sites_failed') AS sites_failed,
               any_value(value) FILTER (WHERE metric = 'pass_rate') AS pass_rate_stated,
               any_value(value) FILTER (WHERE metric = 'sample_ratio') AS sample_ratio_stated,
               -- failures out of the sample only when one sentence states both
               any_value(evidence) FILTER (WHERE metric = 'sites_sampled')
                   = any_value(evidence) FILTER (WHERE metric = 'sites_failed') AS failed_of_sampled,
               sum(stated) FILTER (WHERE metric IN ('sites_sampled', 'sites_failed', 'pass_rate')) AS figures
        FROM first GROUP BY doc_id
    )
    SELECT c.doc_id, c.issuer, c.issuer_level, c.issuer_province, c.issuer_city, c.issue_date,
           {_period("c")},
           w.sites_running, w.sites_sampled, w.sites_failed, w.pass_rate_stated,
           CASE WHEN w.failed_of_sampled AND w.sites_sampled > 0
                THEN round(100 * (1 - w.sites_failed / w.sites_sampled), 1) END AS pass_rate_computed,
           coalesce(w.pass_rate_stated, pass_rate_computed) AS pass_rate,
           coalesce(w.sample_ratio_stated, round(100 * w.sites_sampled / nullif(w.sites_running, 0), 1))
               AS sample_ratio,
           CAST(coalesce(w.figures, 0) AS INTEGER) AS figures
    FROM circulars c
    LEFT JOIN wide w USING (doc_id)
    """,
    {
        "doc_id": "the document counted for the circular (circulars.doc_id)",
        "issuer": "issuing office (发文机关)",
        "issuer_level": "national, provincial, municipal or county",
        "issuer_province": "province of the issuing office; NULL for national circulars",
        "issuer_city": "city of the issuing office; NULL for national and provincial circulars",
        "issue_date": "成文日期 of the circular",
        **_PERIOD,
        "sites_running": "government websites running in the issuer's area, first figure stated",
        "sites_sampled": "websites spot-checked (抽查), first figure stated",
        "sites_failed": "websites found failing (不合格 or with 突出问题), first figure stated",
        "pass_rate_stated": "pass rate (合格率) as stated, in %",
        "pass_rate_computed": "100 × (1 − failed / sampled), in %, when one sentence states both counts",
        "pass_rate": "pass rate in %: as stated, else computed",
        "sample_ratio": "share of running sites sampled, in %: as stated, else sampled / running",
        "figures": "sampled, failed and pass-rate figures in the body; more than 3 means several "
        "checks are reported (see `stats`)",
    },
)

DOCUMENT_WARNINGS = ViewSpec(
    "document_warnings",
    "Every doubt (`doubts`) with its document: what the pipeline doubted, per document (every copy of a "
    "circular, see `counted`), with the code and the page, annex row or field it is about.",
    f"""
    WITH {_DOCS}
    SELECT d.doc_id, d.circular_key, d.counted, d.issuer, d.title, d.media_type, d.ocr_confidence,
           w.ord AS warning_no, w.message AS warning, w.code, w.stage, w.about, w.annex_no,
           w.table_no, w.seq, w.page_no, w.field, w.value, w.expected
    FROM doubts w JOIN docs d USING (doc_id)
    """,
    {
        **_DOC_COLUMNS,
        "warning_no": "position of the doubt in the document's list (doubts.ord), 1-based",
        "warning": "the doubt as a sentence (doubts.message)",
        "code": "what was doubted (doubts.code; the codes are listed in the data dictionary)",
        "stage": "the stage that raised it",
        "about": "what it is about: website_findings or deductions (one row), annexes (a whole annex), "
        "header, page or document",
        "annex_no": "annex the doubt is about; NULL when none",
        "table_no": "table within the annex; NULL when the doubt is about no table",
        "seq": "序号 of the row the doubt is about; NULL when none",
        "page_no": "page the doubt is about; NULL when none",
        "field": "the field or part in doubt",
        "value": "the value read",
        "expected": "what the value was checked against",
    },
)

DOUBTFUL_ROWS = ViewSpec(
    "doubtful_rows",
    "Annex rows (website findings and deductions) worth checking against the paper, with the reasons, the "
    "warnings about the row and the 批示 written on the circular: the review trail for an analyst.",
    f"""
    WITH {_DOCS},
    annex_rows AS (
        SELECT 'website_findings' AS about, doc_id, annex_no, table_no, seq,
               coalesce(site_name, site_code) AS label, problems_raw AS detail, page_no, confidence,
               [CASE WHEN site_code IS NULL THEN 'no_site_code' END,
                CASE WHEN site_code IS NOT NULL AND site_province IS NULL THEN 'site_code_unmapped' END,
                CASE WHEN len(problem_categories) = 0 OR list_contains(problem_categories, 'other')
                     THEN 'problem_uncategorised' END] AS checks
        FROM website_findings
        UNION ALL
        SELECT 'deductions', doc_id, annex_no, table_no, seq, unit, explanation, page_no, confidence,
               [CASE WHEN points_deducted IS NULL THEN 'no_points' END,
                CASE WHEN unit_kind = 'other' THEN 'unit_kind_unknown' END, NULL]
        FROM deductions
    ),
    notes AS (  -- 批示 may sit on one copy (the scan) only: collect them over the circular's copies
        SELECT d.circular_key, list(a.text ORDER BY a.doc_id, a.ord) AS annotations
        FROM annotations a JOIN docs d USING (doc_id) GROUP BY d.circular_key
    ),
    checked AS (
        SELECT r.*, d.circular_key, d.counted, d.issuer, d.title, d.media_type, d.ocr_confidence,
               coalesce((SELECT list(w.message ORDER BY w.ord) FROM doubts w
                         WHERE w.doc_id = r.doc_id AND w.about = r.about AND w.annex_no = r.annex_no
                           AND w.seq = r.seq AND w.table_no = r.table_no), [])
                   AS warnings,
               coalesce(n.annotations, []) AS annotations
        FROM annex_rows r JOIN docs d USING (doc_id) LEFT JOIN notes n USING (circular_key)
    )
    SELECT doc_id, circular_key, counted, issuer, title, media_type, ocr_confidence,
           about, annex_no, table_no, seq, label, detail, page_no, confidence, reasons, warnings, annotations
    FROM (SELECT *, [x FOR x IN checks || [CASE WHEN confidence < {LOW_CONFIDENCE} THEN 'low_ocr_confidence' END,
                                           CASE WHEN len(warnings) > 0 THEN 'warning' END]
                     IF x IS NOT NULL] AS reasons
          FROM checked)
    WHERE len(reasons) > 0
    """,
    {
        **_DOC_COLUMNS,
        "about": "the table the row is in: website_findings or deductions",
        "annex_no": "附件 number of the row's table",
        "table_no": "table within the annex",
        "seq": "序号 of the row",
        "label": "what the row is about: the site name (else its code), or the unit",
        "detail": "the problems as printed, or the 扣分说明",
        "page_no": "page the row was read from; NULL for text sources",
        "confidence": "lowest OCR confidence of the row's cells, 0–1; NULL when no OCR ran",
        "reasons": f"why the row is doubtful: low_ocr_confidence (below {LOW_CONFIDENCE}), warning, "
        "no_site_code, site_code_unmapped, problem_uncategorised, no_points, unit_kind_unknown",
        "warnings": "the doubts about this row (doubts.message)",
        "annotations": "批示 (handwritten instructions) on any copy of the circular",
    },
)

DOCUMENT_QUALITY = ViewSpec(
    "document_quality",
    "One row per document with what makes it doubtful: OCR confidence, low-confidence pages, warnings, "
    "doubtful rows, empty annexes, 批示. Sort by needs_review to start a review.",
    f"""
    WITH {_DOCS}
    SELECT *, warnings > 0 OR doubtful_rows > 0 OR len(low_confidence_pages) > 0 AS needs_review
    FROM (
        SELECT d.doc_id, d.circular_key, d.counted, d.issuer, d.title, d.media_type, d.ocr_confidence,
               d.page_count, d.ocr_engine,
               p.min_page_confidence, coalesce(p.low_confidence_pages, []) AS low_confidence_pages,
               (SELECT count(*) FROM doubts w WHERE w.doc_id = d.doc_id) AS warnings,
               (SELECT count(*) FROM doubtful_rows r WHERE r.doc_id = d.doc_id) AS doubtful_rows,
               (SELECT count(*) FROM annexes a WHERE a.doc_id = d.doc_id AND a.row_count = 0) AS empty_annexes,
               (SELECT count(*) FROM annotations a WHERE a.doc_id = d.doc_id) AS annotations
        FROM docs d
        LEFT JOIN (SELECT doc_id, min(confidence) AS min_page_confidence,
                          list(page_no ORDER BY page_no) FILTER (WHERE confidence < {LOW_CONFIDENCE})
                              AS low_confidence_pages
                   FROM pages GROUP BY doc_id) p USING (doc_id)
    )
    """,
    {
        **_DOC_COLUMNS,
        "page_count": "pages in the source",
        "ocr_engine": "OCR engine that read the scan; NULL when no OCR ran",
        "min_page_confidence": "OCR confidence of the worst page, 0–1; NULL when no OCR ran",
        "low_confidence_pages": f"pages read with OCR confidence below {LOW_CONFIDENCE}",
        "warnings": "number of doubts (see `doubts` and `document_warnings`)",
        "doubtful_rows": "annex rows worth checking (see `doubtful_rows`)",
        "empty_annexes": "annexes listed whose table was not read (row_count 0)",
        "annotations": "批示 found on this document",
        "needs_review": "whether anything above calls for a look: warnings, doubtful rows or low-confidence pages",
    },
)

VIEWS: tuple[ViewSpec, ...] = (
    CIRCULARS,
    DEDUCTIONS_BY_CITY,
    FINDINGS_BY_PROVINCE,
    REPEAT_OFFENDERS,
    STATS_BY_PERIOD,
    DOCUMENT_WARNINGS,
    DOUBTFUL_ROWS,
    DOCUMENT_QUALITY,
)
