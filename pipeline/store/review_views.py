"""The review views: every copy of a circular with what makes it doubtful (warnings, doubtful rows,
low-confidence pages), joined from the doubts table, never parsed from sentences."""

from __future__ import annotations

from pipeline.store.view_spec import COPY_CODES_SQL, DOC_COLUMNS, LOW_CONFIDENCE, NOTE_CODES_SQL, ViewSpec

DOCUMENT_WARNINGS = ViewSpec(
    "document_warnings",
    "Every doubt (`doubts`) with its document: what the pipeline doubted, per document (every copy of a "
    "circular, see `is_primary`), with the code and the page, annex row or field it is about.",
    """
    SELECT d.doc_id, d.circular_id, d.is_primary, d.issuer, d.title, d.media_type, d.ocr_confidence,
           w.ord AS warning_no, w.message AS warning, w.code, w.stage, w.about, w.annex_no,
           w.table_no, w.seq, w.page_no, w.field, w.value, w.expected
    FROM doubts w JOIN documents d USING (doc_id)
    """,
    {
        **DOC_COLUMNS,
        "warning_no": "position of the doubt in the document's list (doubts.ord), 1-based",
        "warning": "the doubt as a sentence (doubts.message)",
        "code": "what was doubted (doubts.code; the codes are listed in the data dictionary)",
        "stage": "the stage that raised it (load: a copy read otherwise than its circular's primary)",
        "about": "what it is about: website_findings or deductions (one row), annexes (a whole annex), "
        "header, page, stats or document",
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
    "Annex rows (website findings and deductions; the rows of each circular's primary copy) worth "
    "checking against the paper, with the reasons, the doubts about the row (its own, and where another "
    "copy read it otherwise) and the 批示 written on any copy: the review trail for an analyst.",
    f"""
    WITH annex_rows AS (
        SELECT 'website_findings' AS about, doc_id, annex_no, table_no, seq,
               coalesce(site_name, site_code) AS label, problems_raw AS detail, page_no, confidence,
               [CASE WHEN site_code IS NULL THEN 'no_site_code' END,
                CASE WHEN site_code IS NOT NULL AND site_province IS NULL THEN 'site_code_unmapped' END,
                CASE WHEN len(problem_categories) = 0 OR list_contains(problem_categories, 'other')
                     THEN 'problem_uncategorised' END,
                CASE WHEN reported_region IS NOT NULL AND reported_level IS NULL THEN 'region_unplaced' END]
                   AS checks
        FROM website_findings
        UNION ALL
        SELECT 'deductions', doc_id, annex_no, table_no, seq, unit, explanation, page_no, confidence,
               [CASE WHEN points_deducted IS NULL THEN 'no_points' END,
                CASE WHEN unit_kind = 'other' THEN 'unit_kind_unknown' END,
                CASE WHEN unit_level IS NULL THEN 'unit_unplaced' END, NULL]
        FROM deductions
    ),
    notes AS (  -- 批示 may sit on one copy (the scan) only: collect them over the circular's copies
        SELECT d.circular_id, list(a.text ORDER BY a.doc_id, a.ord) AS annotations
        FROM annotations a JOIN documents d USING (doc_id) GROUP BY d.circular_id
    ),
    row_doubts AS (  -- the row's own doubts, and those of copies that read it otherwise
        SELECT d.circular_id, w.doc_id, w.about, w.annex_no, w.table_no, w.seq, w.ord, w.code, w.message
        FROM doubts w JOIN documents d USING (doc_id)
        WHERE w.seq IS NOT NULL
    ),
    checked AS (
        SELECT r.*, d.circular_id, d.is_primary, d.issuer, d.title, d.media_type, d.ocr_confidence,
               coalesce((SELECT list(w.message ORDER BY w.doc_id <> r.doc_id, w.doc_id, w.ord)
                         FROM row_doubts w
                         WHERE w.circular_id = d.circular_id AND (w.doc_id = r.doc_id OR w.code IN {COPY_CODES_SQL})
                           AND w.about = r.about AND w.annex_no = r.annex_no
                           AND w.seq = r.seq AND w.table_no = r.table_no), [])
                   AS warnings,
               (SELECT count(*) FROM row_doubts w
                WHERE w.circular_id = d.circular_id AND w.code IN {COPY_CODES_SQL} AND w.about = r.about
                  AND w.annex_no = r.annex_no AND w.seq = r.seq AND w.table_no = r.table_no) AS disputed,
               coalesce(n.annotations, []) AS annotations
        FROM annex_rows r JOIN documents d USING (doc_id) LEFT JOIN notes n USING (circular_id)
    )
    SELECT doc_id, circular_id, is_primary, issuer, title, media_type, ocr_confidence,
           about, annex_no, table_no, seq, label, detail, page_no, confidence, reasons, warnings, annotations
    FROM (SELECT *, [x FOR x IN checks || [CASE WHEN confidence < {LOW_CONFIDENCE} THEN 'low_ocr_confidence' END,
                                           CASE WHEN len(warnings) > disputed THEN 'warning' END,
                                           CASE WHEN disputed > 0 THEN 'copies_disagree' END]
                     IF x IS NOT NULL] AS reasons
          FROM checked)
    WHERE len(reasons) > 0
    """,
    {
        **DOC_COLUMNS,
        "about": "the table the row is in: website_findings or deductions",
        "annex_no": "附件 number of the row's table",
        "table_no": "table within the annex",
        "seq": "序号 of the row",
        "label": "what the row is about: the site name (else its code), or the unit",
        "detail": "the problems as printed, or the 扣分说明",
        "page_no": "page the row was read from; NULL for text sources",
        "confidence": "lowest OCR confidence of the row's cells, 0–1; NULL when no OCR ran",
        "reasons": f"why the row is doubtful: low_ocr_confidence (below {LOW_CONFIDENCE}), warning, "
        "copies_disagree (another copy read the row otherwise), no_site_code, site_code_unmapped, "
        "problem_uncategorised, region_unplaced, no_points, unit_kind_unknown, unit_unplaced",
        "warnings": "the doubts about this row (doubts.message), this copy's first, then other copies'",
        "annotations": "批示 (handwritten instructions) on any copy of the circular",
    },
)

DOCUMENT_QUALITY = ViewSpec(
    "document_quality",
    "One row per document (every copy) with what makes it doubtful: OCR confidence, low-confidence "
    "pages, warnings, doubtful rows, empty annexes, 批示. Sort by needs_review to start a review.",
    f"""
    SELECT *, warnings > 0 OR doubtful_rows > 0 OR len(low_confidence_pages) > 0 AS needs_review
    FROM (
        SELECT d.doc_id, d.circular_id, d.is_primary, d.issuer, d.title, d.media_type, d.ocr_confidence,
               d.page_count, d.ocr_engine, d.matched_by, d.primary_reason,
               p.min_page_confidence, coalesce(p.low_confidence_pages, []) AS low_confidence_pages,
               (SELECT count(*) FROM doubts w WHERE w.doc_id = d.doc_id AND w.code NOT IN {NOTE_CODES_SQL})
                   AS warnings,
               (SELECT count(*) FROM doubts w WHERE w.doc_id = d.doc_id AND w.code IN {NOTE_CODES_SQL}) AS notes,
               (SELECT count(*) FROM doubtful_rows r WHERE r.doc_id = d.doc_id) AS doubtful_rows,
               (SELECT count(*) FROM annexes a WHERE a.doc_id = d.doc_id AND a.row_count = 0) AS empty_annexes,
               (SELECT count(*) FROM annotations a WHERE a.doc_id = d.doc_id) AS annotations
        FROM documents d
        LEFT JOIN (SELECT doc_id, min(confidence) AS min_page_confidence,
                          list(page_no ORDER BY page_no) FILTER (WHERE confidence < {LOW_CONFIDENCE})
                              AS low_confidence_pages
                   FROM pages GROUP BY doc_id) p USING (doc_id)
    )
    """,
    {
        **DOC_COLUMNS,
        "page_count": "pages in the source",
        "ocr_engine": "OCR engine that read the scan; NULL when no OCR ran",
        "matched_by": "how the copy was found to be its circular's (documents.matched_by); NULL for the primary",
        "primary_reason": "why the primary copy was preferred (documents.primary_reason)",
        "min_page_confidence": "OCR confidence of the worst page, 0–1; NULL when no OCR ran",
        "low_confidence_pages": f"pages read with OCR confidence below {LOW_CONFIDENCE}",
        "warnings": "number of doubts that call for a look (see `doubts` and `document_warnings`)",
        "notes": "number of doubts kept for the trail only: routine clean-up such as page chrome removed "
        "or blank pages skipped",
        "doubtful_rows": "annex rows worth checking (see `doubtful_rows`); only a primary copy has rows",
        "empty_annexes": "annexes listed whose table was not read (row_count 0); only a primary copy has annexes",
        "annotations": "批示 found on this document",
        "needs_review": "whether anything above calls for a look: warnings, doubtful rows or low-confidence pages",
    },
)
