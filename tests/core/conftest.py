"""Fixtures of the core tests that read scans."""

from __future__ import annotations

import pytest

from replydraft.readers.ocr import OcrEngine


@pytest.fixture(scope="session")
def engine() -> OcrEngine:
    """One recogniser for every scan test: loading its models costs seconds."""
    return OcrEngine()
