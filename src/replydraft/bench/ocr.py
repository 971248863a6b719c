"""Benchmark of OCR: scanned A4 pages of a proposal (16-pt text, 22 lines of 28 characters,
rendered at 200 dpi into an image-only PDF) read by readers/ocr.py.

Run by `replydraft bench ocr`. Beside it, the peer: rapidocr with its own defaults (longer
side up to 2000 px, line-direction classifier on) on the same page images. Each runs in its
own process so its peak memory is its own. Prints seconds per page (wall and CPU), peak
memory and character similarity; returns False when a floor fails (≤ 5 s a page, ≤ 800 MB).
Needs reportlab (a test dependency) to draw the pages and a Chinese font for PDFium.

Two more figures: the same pages as a text PDF (ours: the reader with its per-page scan
test, which must never start OCR; the peer: pypdfium2's bare text extraction), and a mixed
PDF, typed pages with the middle one scanned (ours reads one page by OCR, the others from
the text layer; floor: ≤ 50 ms a text page, the whole mixed PDF within one scanned page's
floor plus that).
"""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
import resource
import statistics
import time
from dataclasses import dataclass

from replydraft import paths

PAGES = 3
FLOOR_SECONDS = 5.0
FLOOR_MB = 800.0
FLOOR_TEXT_SECONDS = 0.05  # a text page: no renderer, no recogniser


@dataclass
class Figures:
    seconds: list[float]  # wall time of each page, model loading excluded
    cpu: list[float]  # CPU time of each page (all threads)
    peak_mb: float
    similarity: float  # of all characters read to the page's text, 0-1
    text_seconds: float = 0.0  # a page of the text PDF, median
    mixed_seconds: float = 0.0  # the whole mixed PDF (ours only)
    mixed_similarity: float = 0.0


def page_text(page: int) -> list[str]:
    """22 lines of 28 characters of a bundled reply, page after page."""
    text = "".join((paths.seeds_dir() / "001_29da6a50d8cace22.txt").read_text("utf-8").split())
    start = page * 22 * 28
    return [text[i : i + 28] for i in range(start, start + 22 * 28, 28)]


@dataclass(frozen=True)
class Inputs:
    scanned: bytes  # every page an image
    text: bytes  # the same pages typed
    mixed: bytes  # typed, with the middle page scanned


def inputs() -> Inputs:
    import pypdfium2 as pdfium

    text = text_pdf()
    scanned = scanned_pdf(text)
    mixed = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(text), pdfium.PdfDocument(scanned)]
    for index in range(PAGES):
        mixed.import_pages(sources[index == PAGES // 2], [index])
    buffer = io.BytesIO()
    mixed.save(buffer)
    for document in (mixed, *sources):
        document.close()
    return Inputs(scanned, text, buffer.getvalue())


def text_pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595.0, 842.0))
    for page in range(PAGES):
        pdf.setFont("STSong-Light", 16)
        for row, text in enumerate(page_text(page)):
            pdf.drawString(72, 760 - row * 30, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf(text: bytes | None = None) -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(text if text is not None else text_pdf())
    images: list[Image.Image] = [
        document[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(PAGES)
    ]
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _similarity(text: str) -> float:
    from rapidfuzz.distance import Indel

    truth = "".join("".join(page_text(p)) for p in range(PAGES))
    return float(Indel.normalized_similarity(truth, "".join(text.split())))


def _ours(data: Inputs) -> Figures:
    from replydraft.readers.ocr import OcrEngine, recognise_pdf
    from replydraft.readers.registry import ReadOptions, by_suffix

    engine = OcrEngine()
    engine._load()  # loading the models is paid once per import, not per page
    stamps: list[tuple[float, float]] = []
    result = recognise_pdf(
        data.scanned,
        "bench.pdf",
        engine=engine,
        progress=lambda d, n: stamps.append((time.perf_counter(), _cpu())),
    )
    walls = [b[0] - a[0] for a, b in itertools.pairwise(stamps)]
    cpus = [b[1] - a[1] for a, b in itertools.pairwise(stamps)]
    pdf = by_suffix(".pdf")
    assert pdf is not None
    options = ReadOptions(ocr=engine)
    texts = []
    for _ in range(5):
        start = time.perf_counter()
        read = pdf.read(data.text, "bench.pdf", options)
        texts.append((time.perf_counter() - start) / PAGES)
    if read.recognised is not None:
        raise RuntimeError("the text PDF went to OCR")
    start = time.perf_counter()
    mixed = pdf.read(data.mixed, "bench.pdf", options)
    mixed_seconds = time.perf_counter() - start
    if mixed.recognised is None or mixed.recognised.numbers != (PAGES // 2 + 1,):
        raise RuntimeError("the mixed PDF's scanned page was not the one recognised")
    return Figures(
        walls,
        cpus,
        _peak_mb(),
        _similarity(result.text),
        statistics.median(texts),
        mixed_seconds,
        _similarity(mixed.text),
    )


def _peer(inputs: Inputs) -> Figures:
    import numpy as np
    import pypdfium2 as pdfium
    from rapidocr import RapidOCR

    data = inputs.scanned
    ocr = RapidOCR(params={"Global.log_level": "critical"})
    document = pdfium.PdfDocument(data)
    walls: list[float] = []
    cpus: list[float] = []
    texts: list[str] = []
    for i in range(len(document)):
        start, cpu = time.perf_counter(), _cpu()
        image = document[i].render(scale=200 / 72).to_pil()
        result = ocr(np.asarray(image.convert("RGB")))
        texts.extend(getattr(result, "txts", None) or [])  # RapidOCROutput
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    peak = _peak_mb()  # before the text PDF, so the figure is the scan's alone
    document.close()
    text_walls = []
    for _ in range(5):
        start = time.perf_counter()
        typed = pdfium.PdfDocument(inputs.text)
        for i in range(len(typed)):
            textpage = typed[i].get_textpage()
            textpage.get_text_range()
            textpage.close()
        typed.close()
        text_walls.append((time.perf_counter() - start) / PAGES)
    return Figures(walls, cpus, peak, _similarity("".join(texts)), statistics.median(text_walls))


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if os.uname().sysname != "Darwin" else peak / (1024 * 1024)


def _run(which: str, data: Inputs) -> Figures:
    return _ours(data) if which == "ours" else _peer(data)


def bench_ocr() -> bool:
    data = inputs()
    context = multiprocessing.get_context("spawn")
    figures = {}
    for which in ("ours", "peer"):
        with context.Pool(1) as pool:
            figures[which] = pool.apply(_run, (which, data))
    ours = figures["ours"]
    fast = statistics.median(ours.seconds) <= FLOOR_SECONDS
    small = ours.peak_mb <= FLOOR_MB
    text_fast = ours.text_seconds <= FLOOR_TEXT_SECONDS
    mixed_floor = FLOOR_SECONDS + (PAGES - 1) * FLOOR_TEXT_SECONDS
    mixed_fast = ours.mixed_seconds <= mixed_floor
    print(f"ocr: {PAGES} scanned A4 pages at 200 dpi on {os.cpu_count()} cores, load {_load()}")
    for which, label in (("ours", "replydraft"), ("peer", "rapidocr defaults")):
        f = figures[which]
        print(
            f"  {label:18} median {statistics.median(f.seconds):.2f} s/page "
            f"(max {max(f.seconds):.2f}), CPU {statistics.median(f.cpu):.2f} s/page, "
            f"peak {f.peak_mb:.0f} MB, characters {f.similarity:.4f}"
        )
    print(f"text PDF, the same {PAGES} pages typed:")
    for which, label in (("ours", "replydraft"), ("peer", "pypdfium2 bare text")):
        print(f"  {label:18} median {figures[which].text_seconds * 1000:.1f} ms/page")
    print(
        f"mixed PDF, page {PAGES // 2 + 1} of {PAGES} scanned: replydraft "
        f"{ours.mixed_seconds:.2f} s in all, characters {ours.mixed_similarity:.4f}"
    )
    print(
        f"  floors: ≤ {FLOOR_SECONDS:.0f} s/page [{'ok' if fast else 'FAILED'}], "
        f"≤ {FLOOR_MB:.0f} MB [{'ok' if small else 'FAILED'}], "
        f"text ≤ {FLOOR_TEXT_SECONDS * 1000:.0f} ms/page [{'ok' if text_fast else 'FAILED'}], "
        f"mixed ≤ {mixed_floor:.1f} s [{'ok' if mixed_fast else 'FAILED'}]"
    )
    return fast and small and text_fast and mixed_fast


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(0 if bench_ocr() else 1)
