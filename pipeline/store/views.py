"""Views for the questions analysts ask first, each with a comment on the view and on every column.

The same circular often reaches us twice (the PDF and the web page, a scan and its text): those are
different bytes, hence different documents, copies of one circular (`documents.circular_id`). The row
tables hold each circular's primary copy's rows only, so any query over them counts a circular once;
`circulars` is `documents` with one row per circular (its primary copy). The review views
(`document_warnings`, `doubtful_rows`, `document_quality`) keep every copy instead, because each copy
was read on its own and can be doubtful on its own; their `is_primary` column says which copy the
tables hold.

Views are created in the order of `VIEWS`; a view may read the ones before it.
"""

from __future__ import annotations

from pipeline.store.ddl import TABLE_BY_NAME
from pipeline.store.review_views import DOCUMENT_QUALITY, DOCUMENT_WARNINGS, DOUBTFUL_ROWS
from pipeline.store.view_spec import (
    COPY_CODES_SQL,
    PERIOD,
    ViewSpec,
    period_columns,
)

CIRCULARS = ViewSpec(
    "circulars",
    "One row per circular: `documents` reduced to each circular's primary copy (documents.is_primary), "
    "with how many files held it and how many doubts its copies raised against it.",
    f"""
    SELECT d.*,
           count(*) OVER (PARTITION BY d.circular_id) AS copies,
           coalesce(x.copy_doubts, 0) AS copy_doubts
    FROM documents d
    LEFT JOIN (SELECT o.circular_id, count(*) AS copy_doubts
               FROM doubts w JOIN documents o USING (doc_id)
               WHERE w.code IN {COPY_CODES_SQL} GROUP BY o.circular_id) x USING (circular_id)
    QUALIFY d.is_primary
    """,
    {
        **{c.name: c.description for c in TABLE_BY_NAME["documents"].columns},
        "copies": "documents holding this circular (1 unless it was ingested from several files)",
        "copy_doubts": "doubts its other copies raised where they read otherwise than this one "
        "(copies_disagree, copy_row_disagrees, …; see document_warnings)",
    },
)

DEDUCTIONS_BY_CITY = ViewSpec(
    "deductions_by_city",
    "Points deducted per unit (city, county or department) and period, over all circulars: which cities "
    "lost the most points? A unit is its full name, so `聊城` and `聊城市` from two circulars are one; "
    "filter on unit_kind or unit_level, group by unit_region_code across provinces and years.",
    f"""
    SELECT c.issuer_province, c.issuer_city, coalesce(x.unit_full_name, x.unit) AS unit, x.unit_kind,
           x.unit_level, x.unit_region_code, x.unit_province, x.unit_city, x.unit_county,
           {period_columns("c")},
           sum(x.points_deducted) AS points_deducted,
           count(DISTINCT x.doc_id) AS circulars,
           count(*) AS listings,
           list_sort(list_distinct(list(x.unit))) AS printed_as
    FROM deductions x
    JOIN circulars c USING (doc_id)
    GROUP BY ALL
    """,
    {
        "issuer_province": "province of the issuing office; NULL for national circulars",
        "issuer_city": "city of the issuing office; NULL for national and provincial circulars",
        "unit": "the unit in full (deductions.unit_full_name: 聊城市, 山东省农业厅), else as printed",
        "unit_kind": "city, county, district, township (a town or street), department or other",
        "unit_level": "national, provincial, municipal, county or township; NULL when not placed",
        "unit_region_code": "GB/T 2260 code of the division the unit is or belongs to; NULL when not placed",
        "unit_province": "province of unit_region_code",
        "unit_city": "prefecture of unit_region_code",
        "unit_county": "county of unit_region_code; NULL above county level",
        **PERIOD,
        "points_deducted": "total points lost by the unit in the period (sum over circulars and tables)",
        "circulars": "circulars that list the unit in a deductions table in the period",
        "listings": "rows listing the unit (one circular may list it in several tables)",
        "printed_as": "the unit's names as printed (聊城, 聊城市, …)",
    },
)

FINDINGS_BY_PROVINCE = ViewSpec(
    "findings_by_province",
    "Website findings per province, period and problem category (a finding with several categories "
    "counts in each): which problems recur in which province? Counts each circular once.",
    f"""
    SELECT f.site_province, {period_columns("c")},
           f.problem_category,
           count(*) AS findings,
           count(DISTINCT coalesce(f.site_code, f.site_name)) AS sites,
           count(DISTINCT f.doc_id) AS circulars
    FROM (
        SELECT * REPLACE (coalesce(w.site_province, w.reported_province, d.issuer_province) AS site_province),
               unnest(CASE WHEN len(w.problem_categories) = 0 THEN [NULL::VARCHAR]
                           ELSE w.problem_categories END) AS problem_category
        FROM website_findings w
        JOIN documents d USING (doc_id)  -- a provincial or city circular lists sites of its own province
    ) f
    JOIN circulars c USING (doc_id)
    GROUP BY ALL
    """,
    {
        "site_province": "province of the site, from its 网站标识码, else from the region reported beside "
        "it, else the issuing office's province; NULL for a national circular's site without either",
        **PERIOD,
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

STATS_BYPERIOD = ViewSpec(
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
           {period_columns("c")},
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
        "doc_id": "the circular's primary copy (circulars.doc_id)",
        "issuer": "issuing office (发文机关)",
        "issuer_level": "national, provincial, municipal or county",
        "issuer_province": "province of the issuing office; NULL for national circulars",
        "issuer_city": "city of the issuing office; NULL for national and provincial circulars",
        "issue_date": "成文日期 of the circular",
        **PERIOD,
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

VIEWS: tuple[ViewSpec, ...] = (
    CIRCULARS,
    DEDUCTIONS_BY_CITY,
    FINDINGS_BY_PROVINCE,
    REPEAT_OFFENDERS,
    STATS_BYPERIOD,
    DOCUMENT_WARNINGS,
    DOUBTFUL_ROWS,
    DOCUMENT_QUALITY,
)
