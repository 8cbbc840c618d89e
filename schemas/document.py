"""The parsed circular and one model per row type of the data contract (CONTRACT.md).

`Circular` is what `pipeline.extraction` returns; each list in it becomes one DuckDB table, with
`doc_id` added on the way in. Field descriptions double as the database's column comments.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.doubts import Doubt
from schemas.intermediate import MediaType

SCHEMA_VERSION = "2"  # 2: units and reported regions placed on the map

IssuerLevel = Literal["national", "provincial", "municipal", "county"]
Script = Literal["simplified", "traditional"]
AnnexKind = Literal["website_findings", "deductions", "other"]
UnitKind = Literal["city", "county", "district", "township", "department", "other"]
#: the level of government a unit is or belongs to (township: a town or street, below GB/T 2260's codes)
UnitLevel = Literal["national", "provincial", "municipal", "county", "township"]
MentionLabel = Literal["GPE", "ORG", "WEBSITE"]
ProblemCategory = Literal[
    "site_unreachable",
    "homepage_stale",
    "columns_stale",
    "blank_columns",
    "broken_links",
    "interaction_unresponsive",
    "serious_errors",
    "score_over_limit",
    "rectification_incomplete",
    "closure_violation",
    "naming_nonstandard",
    "missing_error_report_entry",
    "service_unusable",
    "security_incident",
    "commercial_ads",
    "other",
]
Metric = Literal[
    "sites_running",
    "sites_sampled",
    "sites_failed",
    "pass_rate",
    "sample_ratio",
    "sites_closed",
    "blank_columns",
    "stale_columns",
    "broken_links",
    "homepage_stale_sites",
    "unreachable_sites",
    "messages_received",
    "messages_resolved_rate",
    "rectification_incomplete_sites",
    "officials_interviewed",
    "written_self_criticisms",
    "criticized_in_circular",
    "disciplined",
    "removed_from_post",
]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Provenance(Row):
    """Where an extracted value was read: page, box and OCR confidence (NULL for text input)."""

    page_no: int | None = Field(None, description="page the value was read from (1-based)")
    confidence: float | None = Field(None, description="OCR confidence 0–1; NULL when no OCR ran")


class Header(Row):
    title: str | None = Field(None, description="the title as printed, its lines joined; never the banner")
    issuer: str | None = Field(None, description="发文机关 / 发电单位, full name")
    issuer_level: IssuerLevel | None = Field(None, description="national, provincial, municipal or county")
    issuer_province: str | None = Field(
        None, description="GB/T 2260 province of the issuer; NULL for national"
    )
    issuer_city: str | None = Field(None, description="GB/T 2260 prefecture-level city of the issuer")
    doc_number: str | None = Field(None, description="发文字号, e.g. 汕府办传〔2017〕92号")
    doc_number_agency: str | None = Field(None, description="机关代字 of the document number")
    doc_number_year: int | None = Field(None, description="year in the document number")
    doc_number_serial: int | None = Field(None, description="serial in the document number")
    urgency: Literal["特急", "加急"] | None = Field(None, description="特急, 加急 or NULL")
    transmission: Literal["明电", "密电"] | None = Field(None, description="明电, 密电 or NULL")
    signer: str | None = Field(None, description="签发人 / 签批盖章")
    addressees: list[str] = Field(default_factory=list, description="主送机关, one entry per addressee")
    issue_date: dt.date | None = Field(None, description="成文日期")
    publish_date: dt.date | None = Field(None, description="web publication date where shown")
    period_year: int | None = Field(None, description="year the spot checks cover")
    period_quarter: int | None = Field(None, ge=1, le=4, description="quarter covered (1–4)")
    period_half: int | None = Field(None, ge=1, le=2, description="half year covered (1–2)")
    period_month: int | None = Field(None, ge=1, le=12, description="month covered (monthly circulars)")


class Section(Row):
    section_id: str = Field(description="path of numbers, e.g. 二 or 二.（一）")
    parent_id: str | None = Field(None, description="section_id of the enclosing section")
    level: int = Field(ge=1, le=4, description="1 for 一、, 2 for （一）, 3 for 1., 4 for （1）")
    number: str = Field(description="the number as printed, canonical: 一, （一）, 1, （1）")
    heading: str = Field(description="heading line, or first sentence of a run-in heading without 。")
    text: str = Field("", description="the section's own text, without its subsections")
    ord: int = Field(description="position in the outline, 1-based")


class Annex(Row):
    annex_no: int = Field(description="附件 number; 1 when unnumbered")
    title: str | None = Field(None, description="annex title as listed")
    kind: AnnexKind = Field(description="website_findings, deductions or other")
    row_count: int = Field(0, description="rows read from the annex tables; 0 when the table is absent")
    source_file: str | None = Field(
        None, description="the file its tables were read from: the circular's, or an attachment's path"
    )


class WebsiteFinding(Row):
    annex_no: int = Field(description="annex holding the table")
    table_no: int = Field(1, description="table within the annex, 1-based")
    seq: int = Field(description="序号 as printed")
    reported_region: str | None = Field(None, description="region or department cell as printed")
    reported_full_name: str | None = Field(
        None,
        description="the reported region in full for the circular's year: a place's GB/T 2260 name "
        "(玉溪 → 玉溪市), a department's with its government's place (省直部门 → 云南省直部门); NULL "
        "when not placed (see the unit_unplaced and unit_unknown doubts)",
    )
    reported_level: UnitLevel | None = Field(
        None, description="level of government the reported region is or belongs to; NULL when not placed"
    )
    reported_region_code: str | None = Field(
        None,
        description="GB/T 2260 code (circular's year) of the division the reported region is, or whose "
        "government a reported department belongs to; NULL when not placed or national",
    )
    reported_province: str | None = Field(None, description="province of reported_region_code, full name")
    reported_city: str | None = Field(None, description="prefecture of reported_region_code, full name")
    reported_county: str | None = Field(
        None, description="county of reported_region_code; NULL above county level"
    )
    site_name: str | None = Field(None, description="网站名称")
    problems_raw: str | None = Field(None, description="存在的突出问题, canonical text")
    problem_categories: list[ProblemCategory] = Field(default_factory=list, description="taxonomy codes")
    site_code: str | None = Field(None, description="网站标识码, 10 characters")
    site_region_code: str | None = Field(None, description="first 6 digits of the site code")
    site_province: str | None = Field(
        None, description="province of the site code (GB/T 2260 of the doc year)"
    )
    site_city: str | None = Field(None, description="prefecture of the site code")
    site_county: str | None = Field(None, description="county of the site code; NULL for city-level codes")
    page_no: int | None = Field(None, description="page the row was read from")
    confidence: float | None = Field(None, description="lowest OCR confidence of the row's cells")

    @field_validator("site_code")
    @classmethod
    def _code_shape(cls, v: str | None) -> str | None:
        if v is not None and len(v) != 10:
            raise ValueError(f"site code {v!r} is not 10 characters")
        return v


class Deduction(Row):
    annex_no: int
    table_no: int = Field(1, description="table within the annex; 序号 restarts in each")
    seq: int = Field(description="序号 as printed")
    unit: str = Field(description="unit that lost points, e.g. 聊城市, 省农业厅")
    unit_kind: UnitKind = Field(
        description="city, county, district, township (a town or street), department or other"
    )
    unit_full_name: str | None = Field(
        None,
        description="the unit in full for the circular's year: a place's GB/T 2260 name (聊城 → 聊城市), "
        "a department's with its government's place (省交通运输厅 → 山东省交通运输厅), a town's with "
        "its county; NULL when not placed (see the unit_unplaced and unit_unknown doubts)",
    )
    unit_level: UnitLevel | None = Field(
        None,
        description="level of government the unit is or belongs to: a place's own (聊城市 municipal), a "
        "department's government's (省交通运输厅 provincial), township for a town; NULL when not placed",
    )
    unit_region_code: str | None = Field(
        None,
        description="GB/T 2260 code (circular's year) of the division the unit is (a place), or whose "
        "government it belongs to (a department; a town's county): group by it across provinces and "
        "years; NULL when not placed or national",
    )
    unit_province: str | None = Field(None, description="province of unit_region_code, full name")
    unit_city: str | None = Field(None, description="prefecture of unit_region_code, full name")
    unit_county: str | None = Field(None, description="county of unit_region_code; NULL above county level")
    points_deducted: float | None = Field(None, description="points lost, positive (29 for a printed -29)")
    explanation: str | None = Field(None, description="扣分说明 as printed, canonical text")
    page_no: int | None = None
    confidence: float | None = None


class DeductionItem(Row):
    annex_no: int
    table_no: int = 1
    seq: int
    item_no: int = Field(description="position of the item in the explanation, 1-based")
    reason: str = Field(description="the reason, without its points")
    points_deducted: float | None = Field(None, description="points lost for this reason")


class Stat(Row):
    section_id: str | None = Field(None, description="section the sentence is in")
    metric: Metric
    value: float
    unit: str | None = Field(None, description="% for rates, NULL for counts")
    evidence: str = Field(description="the sentence the figure came from")


class Mention(Row):
    section_id: str | None = None
    text: str
    label: MentionLabel
    region_code: str | None = Field(None, description="GB/T 2260 code of a region mention")
    sentence: str


class Annotation(Row):
    """Handwritten instructions (批示) found above the banner, kept apart from the header."""

    kind: Literal["instruction"] = "instruction"
    text: str
    author: str | None = None
    date: dt.date | None = None
    page_no: int | None = None


class PageText(Row):
    page_no: int
    text: str
    confidence: float | None = None
    engine: str | None = None
    source_file: str | None = Field(
        None, description="the attachment the page came from; NULL for the circular's"
    )
    sheet: str | None = Field(None, description="the spreadsheet sheet the page holds")


class DocumentFile(Row):
    """One file of a document: the circular itself and every attachment read as one of its annexes."""

    path: str = Field(description="the file's path as ingested")
    sha256: str = Field(description="sha256 of the file's bytes")
    role: Literal["main", "attachment"] = Field(
        description="main: the circular; attachment: a file linked under it"
    )
    annex_no: int | None = Field(None, description="the annex an attachment was read as")
    evidence: str | None = Field(None, description="why the file was taken for an attachment of the circular")


class Circular(Row):
    """One circular, extracted and validated: the unit that is loaded in one transaction."""

    schema_version: str = SCHEMA_VERSION
    doc_id: str = Field(
        description="stable id: sha256 prefix of the source bytes (of every file's, for a circular with attachments)"
    )
    source_path: str
    source_sha256: str
    media_type: MediaType
    page_count: int
    script: Script
    ocr_engine: str | None = None
    ocr_confidence: float | None = None
    header: Header
    annotations: list[Annotation] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    annexes: list[Annex] = Field(default_factory=list)
    website_findings: list[WebsiteFinding] = Field(default_factory=list)
    deductions: list[Deduction] = Field(default_factory=list)
    deduction_items: list[DeductionItem] = Field(default_factory=list)
    stats: list[Stat] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    pages: list[PageText] = Field(default_factory=list)
    document_files: list[DocumentFile] = Field(default_factory=list)
    doubts: list[Doubt] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="the doubts as sentences (doubts.message), for reading at a glance"
    )
    extraction_version: str | None = Field(
        None, description="fingerprint of the extraction code and reference data that produced the row"
    )
