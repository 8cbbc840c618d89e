"""Small pure functions that turn what circulars print into the contract's canonical values.

Each module is independent of the pipeline: text in, value out, no I/O beyond reference tables.
"""

from normalizers.chinese import canonical, detect_script, is_cjk, strip_spaces, to_simplified
from normalizers.dates import find_dates, is_date_line, parse_date
from normalizers.docnumber import DocNumber, find_docnumber, find_docnumbers
from normalizers.numbers import cn_to_int, parse_number, parse_points
from normalizers.regions import (
    Region,
    gazetteer,
    lookup_region,
    region_from_code,
    region_from_site_code,
    region_of_org,
    revision_for_year,
    same_region,
    short_names,
)
from normalizers.taxonomy import TAXONOMY_CODES, categorize

__all__ = [
    "TAXONOMY_CODES",
    "DocNumber",
    "Region",
    "canonical",
    "categorize",
    "cn_to_int",
    "detect_script",
    "find_dates",
    "find_docnumber",
    "find_docnumbers",
    "gazetteer",
    "is_cjk",
    "is_date_line",
    "lookup_region",
    "parse_date",
    "parse_number",
    "parse_points",
    "region_from_code",
    "region_from_site_code",
    "region_of_org",
    "revision_for_year",
    "same_region",
    "short_names",
    "strip_spaces",
    "to_simplified",
]
