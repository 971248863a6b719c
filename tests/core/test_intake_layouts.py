"""Intake of proposals in every common layout, as text, as a Word form and as a PDF.

The proposals are in `intake_cases.py`; each is read the way the app reads a file (ingest,
then parse) and every expected field is compared.
"""

from __future__ import annotations

import pytest

from replydraft.records import Kind, Parsed
from tests.core.intake_cases import CASES, Case, intake_accuracy, read, score

PARAMS = [
    pytest.param(case, fmt, id=f"{n:02d}-{fmt}")
    for n, case in enumerate(CASES)
    for fmt in case.formats
]


@pytest.mark.parametrize(("case", "fmt"), PARAMS)
def test_every_field_of_every_layout(case: Case, fmt: str) -> None:
    parsed = read(case, fmt)
    assert parsed.kind is Kind.PROPOSAL, case.name
    result = score(case, parsed)
    assert result.wrong == [], (
        f"{case.name}: {result.wrong}\n"
        f"number={parsed.proposal_number!r} session={parsed.session!r}\n"
        f"title={parsed.title!r} proposers={parsed.proposers!r}\n"
        f"lead={parsed.lead_unit!r} co={parsed.co_units!r}\n"
        f"suggestions={parsed.suggestions!r}"
    )
    assert parsed.unsure == case.unsure


def test_the_set_covers_the_layouts_and_formats() -> None:
    assert len(CASES) >= 15
    formats = [fmt for case in CASES for fmt in case.formats]
    assert formats.count("docx") >= 4 and formats.count("pdf") >= 4
    assert formats.count("wrapped") >= 4
    assert {case.template for case in CASES} == {"member", "members", "organisation", "deputy"}


def test_intake_accuracy_counts_right_and_wrong_fields() -> None:
    right, total = intake_accuracy()
    assert total > 15 * 10
    assert right == total
    # A parser that reads nothing scores the empty fields only, far from everything.
    empty_right, empty_total = intake_accuracy(lambda case, fmt: Parsed(kind=Kind.PROPOSAL))
    assert empty_total == total
    assert empty_right < total // 3


def test_names_run_together_by_a_pdf_are_marked_unsure() -> None:
    """A PDF's text layer loses the spaces of "张伟 李娜 王磊": the names cannot be told apart,
    so the reading says it is unsure instead of offering one confident wrong name."""
    case = next(c for c in CASES if c.proposers == ["张伟", "李娜", "王磊"])
    assert read(case, "txt").proposers == ["张伟", "李娜", "王磊"]
    pdf = read(case, "pdf")
    if pdf.proposers != case.proposers:
        assert pdf.unsure == ["proposers"]
    else:  # a PDF library that keeps the spaces reads them right
        assert pdf.unsure == []
