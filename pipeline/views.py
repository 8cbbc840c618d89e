"""Views for the questions analysts ask first, each with a comment on the view and on every column.

The same circular often reaches us twice (the PDF and the web page, a scan and its text): those are
different bytes, hence different documents. `circulars` keeps one document per circular, and the
aggregate views count from it, so points and findings are not counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ddl import TABLE_BY_NAME


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
}

CIRCULARS = ViewSpec(
    "circulars",
    "One row per circular: `documents` with copies of the same circular (same issuer and 发文字号, or same "
    "issuer, title and date) collapsed to one document, preferring text sources over OCR.",
    """
    SELECT *
    FROM (
        SELECT d.*,
               coalesce(d.issuer || '|' || d.doc_number,
                        d.issuer || '|' || d.title || '|' || CAST(d.issue_date AS VARCHAR),
                        d.doc_id) AS circular_key,
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
    "lost the most points? Counts each circular once (see `circulars`).",
    """
    SELECT c.issuer_province, c.issuer_city, x.unit, x.unit_kind,
           c.period_year, c.period_quarter, c.period_half, c.period_month,
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
    "Website findings per site province, period and problem category (a finding with several "
    "categories counts in each). Counts each circular once (see `circulars`).",
    """
    SELECT f.site_province, c.period_year, c.period_quarter, c.period_half, c.period_month,
           f.problem_category,
           count(*) AS findings,
           count(DISTINCT coalesce(f.site_code, f.site_name)) AS sites,
           count(DISTINCT f.doc_id) AS circulars
    FROM (
        SELECT *, unnest(CASE WHEN len(problem_categories) = 0 THEN [NULL::VARCHAR]
                              ELSE problem_categories END) AS problem_category
        FROM website_findings
    ) f
    JOIN circulars c USING (doc_id)
    GROUP BY ALL
    """,
    {
        "site_province": "province of the site, from its 网站标识码; NULL when the code is missing",
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

VIEWS: tuple[ViewSpec, ...] = (CIRCULARS, DEDUCTIONS_BY_CITY, FINDINGS_BY_PROVINCE, REPEAT_OFFENDERS)
