"""Scans by offline OCR: image-only PDFs and .png/.jpg/.tif images.

The recogniser is rapidocr (Apache-2.0): its wheel carries the PP-OCR detection and
recognition models as ONNX files run by onnxruntime, so nothing is downloaded, ever. PDF
pages are rendered with pypdfium2. After recognition, what OCR breaks in this genre is
repaired (half-width punctuation between Chinese characters, 〔〕 in document numbers, digits
and dates cut by spaces) and lines are re-joined into paragraphs by their position, as a
PDF's text layer is. The result says it was recognised and which lines the recogniser was
unsure of, so the officer checks them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replydraft.readers.base import CancelCheck, Cancelled, PageProgress, ReadError
from replydraft.readers.layout import PageLine, pages_text, rows

if TYPE_CHECKING:
    from PIL.Image import Image

    from replydraft.readers.pdf import PdfLayer

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
DPI = 200  # renders A4 at 1654 × 2339: 14-pt text is ~39 px high, plenty for the models
# The recogniser scales each page so its longer side is at most this: 1400 keeps the
# accuracy of 2000 on A4 text (both 1.0 clean, 0.99 on a degraded photo) at ~600 MB
# instead of ~970 MB of memory, and a third less time.
MAX_SIDE = 1400
MAX_PIXELS = 40_000_000  # a page rendered or a photo beyond this is scaled down first
MAX_PAGES = 200  # a proposal is 2-10 pages; hundreds of scanned pages is an archive dump
LOW_CONFIDENCE = 0.85  # a line scored below this is marked for the officer to check
MODELS = ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx")  # in rapidocr 3.10's wheel
KEEP_SCORE = 0.3  # lines scored below rapidocr's default 0.5 are kept (and marked), not lost


@dataclass(frozen=True)
class LowConfidence:
    """A recognised line the recogniser was unsure of."""

    page: int  # 1-based
    text: str  # as recognised and repaired
    score: float  # 0-1


@dataclass(frozen=True)
class Recognised:
    """Text read from images: the officer must check it against the paper."""

    text: str  # paragraphs separated by blank lines (a mixed PDF's text pages among them)
    pages: int  # how many pages were recognised
    low_confidence: tuple[LowConfidence, ...]
    engine: str  # e.g. "rapidocr 3.10.0"
    numbers: tuple[int, ...] = ()  # the pages recognised, 1-based; a PDF's other pages are text
    notes: tuple[str, ...] = ()  # in Chinese: a scanned page where nothing was recognised
    file_pages: int = 0  # the file's pages in all

    @property
    def mixed(self) -> bool:
        """Some pages were read from a text layer, the others (`numbers`) recognised."""
        return bool(self.numbers) and len(self.numbers) < self.file_pages


class OcrEngine:
    """The recogniser, loaded on first use (1-3 s) and reused for every page after."""

    def __init__(self, threads: int = 0) -> None:
        self.threads = threads  # onnxruntime threads; 0: as many as cores
        self._ocr: Any = None

    @property
    def name(self) -> str:
        from importlib.metadata import version

        return f"rapidocr {version('rapidocr')}"

    def _load(self) -> Any:
        if self._ocr is None:
            try:
                import rapidocr
                from rapidocr import RapidOCR
            except ImportError as e:  # a broken install, or a frozen app built without it
                raise RuntimeError(f"未安装文字识别组件 rapidocr（{e}）") from None
            # The models in rapidocr's wheel, named outright: were one missing, rapidocr
            # would try to download it, and this app never touches the network.
            models = Path(rapidocr.__file__).parent / "models"
            missing = [name for name in MODELS if not (models / name).is_file()]
            if missing:
                raise RuntimeError(f"缺少文字识别模型文件 {'、'.join(missing)}，请重新安装")
            threads = self.threads if self.threads > 0 else -1
            try:
                self._ocr = RapidOCR(
                    params={
                        "Global.log_level": "critical",
                        "Global.use_cls": False,  # scans are upright; saves a model run per line
                        "Global.max_side_len": MAX_SIDE,
                        "Global.text_score": KEEP_SCORE,
                        # Lines recognised two at a time, not six: a dense page peaks at ~550 MB
                        # instead of 650-880 MB, in the same CPU time.
                        "Rec.rec_batch_num": 2,
                        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                        "Det.model_path": str(models / MODELS[0]),
                        "Rec.model_path": str(models / MODELS[1]),
                    }
                )
            except Exception as e:  # a model file missing or damaged: rapidocr would download
                raise RuntimeError(f"文字识别模型无法加载（{str(e)[:120]}）") from None
        return self._ocr

    def read(self, image: Image) -> list[tuple[str, float, tuple[float, float, float, float]]]:
        """(text, score, (left, top, right, bottom) in pixels) of each line found."""
        import numpy as np

        result = self._load()(np.asarray(image.convert("RGB")))
        if result.boxes is None or result.txts is None:
            return []
        out = []
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            out.append((str(text), float(score), (min(xs), min(ys), max(xs), max(ys))))
        return out


# --- Entry points ----------------------------------------------------------------------------


def recognise_pdf(
    data: bytes,
    name: str,
    *,
    layer: PdfLayer | None = None,
    engine: OcrEngine | None = None,
    progress: PageProgress | None = None,
    cancel: CancelCheck | None = None,
) -> Recognised:
    """Recognise a PDF's scanned pages (`layer.scans`; every page without `layer`); the
    others are read from their text layer, in their place. Progress counts the scanned
    pages only."""
    total, images = _pdf_pages(data, name, None if layer is None else layer.scans)
    return _recognise(images, total, name, engine, progress, cancel, layer)


def recognise_image(
    data: bytes,
    name: str,
    *,
    engine: OcrEngine | None = None,
    progress: PageProgress | None = None,
    cancel: CancelCheck | None = None,
) -> Recognised:
    """Recognise an image file; each frame of a multi-page TIFF is a page."""
    total, images = _image_pages(data, name)
    return _recognise(images, total, name, engine, progress, cancel)


def _recognise(
    images: Iterator[tuple[int, Image, float]],
    count: int,
    name: str,
    engine: OcrEngine | None,
    progress: PageProgress | None,
    cancel: CancelCheck | None,
    layer: PdfLayer | None = None,
) -> Recognised:
    """Recognise `count` page images (0-based page index, image, pixels per point), one at a
    time, into the file's pages: a mixed PDF's text pages come from `layer`."""
    engine = engine or OcrEngine()
    located: list[list[PageLine]] = [list(lines) for lines in layer.pages] if layer else []
    unsure: list[LowConfidence] = []
    numbers: list[int] = []
    notes: list[str] = []
    if progress:
        progress(0, count)
    for done, (index, image, scale) in enumerate(images, start=1):
        if cancel and cancel():
            raise Cancelled(name)
        number = index + 1
        lines, doubts = _read_page(engine, image, scale, number, name)
        while len(located) <= index:
            located.append([])
        located[index] = lines
        unsure += doubts
        numbers.append(number)
        if not any(c.isalnum() for line in lines for c in line.text):
            notes.append(
                f"第 {number} 页是扫描页，文字识别没有找到文字（可能是空白页），请对照原件"
            )
        if progress:
            progress(done, count)
    return Recognised(
        pages_text(located),
        len(numbers),
        tuple(unsure),
        engine.name,
        numbers=tuple(numbers),
        notes=tuple(notes),
        file_pages=len(located),
    )


def _read_page(
    engine: OcrEngine, image: Image, scale: float, number: int, name: str
) -> tuple[list[PageLine], list[LowConfidence]]:
    """One page's lines in reading order (points, y up) and those the recogniser doubted."""
    try:
        found = engine.read(image)
    except MemoryError:
        raise
    except Exception as e:  # onnxruntime's own errors, a model that will not load
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise ReadError(name, f"第 {number} 页文字识别失败（{reason}）") from None
    height = image.height
    lines: list[PageLine] = []
    unsure: list[LowConfidence] = []
    for text, score, (left, top, right, bottom) in found:
        text = repair(text)
        if not text.strip():
            continue
        # Pixels (y down) to points (y up), as a PDF's text layer is measured.
        lines.append(
            PageLine(
                text=text,
                left=left / scale,
                right=right / scale,
                top=(height - top) / scale,
                bottom=(height - bottom) / scale,
                size=0.9 * (bottom - top) / scale,  # boxes are ~10% taller than the text
            )
        )
        if score < LOW_CONFIDENCE:
            unsure.append(LowConfidence(number, text, round(score, 3)))
    return rows(lines), unsure


# --- Pages as images -------------------------------------------------------------------------


def _pdf_pages(
    data: bytes, name: str, scans: tuple[int, ...] | None
) -> tuple[int, Iterator[tuple[int, Image, float]]]:
    """How many pages will be rendered (`scans`, or all) and the pages rendered (index,
    image, pixels per point), one at a time."""
    import pypdfium2 as pdfium

    from replydraft.readers.pdf import open_pdf
    from replydraft.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        pdf = open_pdf(data, name)
        indexes = tuple(range(len(pdf))) if scans is None else scans
        if len(indexes) > MAX_PAGES:
            pdf.close()
            raise ReadError(
                name, f"扫描件页数过多（{len(indexes)} 页，上限 {MAX_PAGES} 页），请拆分后重试"
            )

    def render() -> Iterator[tuple[int, Image, float]]:
        # PDFium is held for each page's rendering, not while it is recognised (seconds).
        try:
            for index in indexes:
                with PDFIUM:
                    page = pdf[index]
                    try:
                        width, height = page.get_size()
                        scale = min(DPI / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
                        bitmap = page.render(scale=scale, grayscale=True)
                        image = bitmap.to_pil()
                        bitmap.close()
                    except pdfium.PdfiumError as e:
                        raise ReadError(name, f"无法渲染第 {index + 1} 页（{e}）") from None
                    finally:
                        page.close()
                yield index, image, scale
        finally:
            with PDFIUM:
                pdf.close()

    return len(indexes), render()


def _image_pages(data: bytes, name: str) -> tuple[int, Iterator[tuple[int, Image, float]]]:
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    try:
        image = PILImage.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError) as e:
        problem = (
            "图片尺寸过大"
            if isinstance(e, PILImage.DecompressionBombError)
            else "不是有效的图片文件（文件已损坏或格式不受支持）"
        )
        raise ReadError(name, problem) from None
    if frames > MAX_PAGES:
        raise ReadError(name, f"图片页数过多（{frames} 页，上限 {MAX_PAGES} 页）")

    def decode() -> Iterator[tuple[int, Image, float]]:
        for index in range(frames):
            try:
                image.seek(index)
                page = ImageOps.exif_transpose(image).convert("L")  # phone photos: upright
            except (OSError, ValueError, PILImage.DecompressionBombError) as e:
                raise ReadError(name, f"无法读取第 {index + 1} 页图片（{e}）") from None
            if page.width * page.height > MAX_PIXELS:
                factor = (MAX_PIXELS / (page.width * page.height)) ** 0.5
                page = page.resize((int(page.width * factor), int(page.height * factor)))
            # Points per pixel from the file's dpi (scanners write it), else assume DPI.
            dpi = image.info.get("dpi", (DPI, DPI))[0] or DPI
            yield index, page, float(dpi) / 72 * page.width / max(image.width, 1)

    return frames, decode()


# --- Repairs ---------------------------------------------------------------------------------

_HAN = "\u4e00-\u9fff"
_CJK = _HAN + "\u3000-\u303f\uff00-\uffef“”‘’…—"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# "沪府办[2023]15号", "〔2023]", "【2023】" in a document number: 〔2023〕. Parentheses stay:
# "（2025）61号" is how some bureaus print it, not a misreading.
_DOC_NUMBER = re.compile(
    rf"(?<=[{_HAN}])\s*[\[【〔［]\s*((?:19|20)\d{{2}})\s*[\]】〕］]\s*(?=\d{{1,4}}\s*号)"
)
_SPACE_IN_DATE = re.compile(r"(?<=\d)\s+(?=[年月日号时])|(?<=[年月])\s+(?=\d)")
# O/o and l/I/| misread inside numbers: "2O24" → 2024, "1l" → 11.
_DIGIT_LOOKALIKE = re.compile(rf"(?<=\d)[OolI|](?=\d|[{_HAN}%])")
_LOOKALIKE_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}\d])\s*([,;:?!])\s*(?=[{_CJK}\d“]|$)|(?<=[{_CJK}])([,;:?!])")
_PERIOD = re.compile(rf"(?<=[{_HAN}])\s*\.\s*(?=[{_HAN}“]|$)")
_PARENS = re.compile(rf"[(（]([^()（）]{{0,40}}[{_HAN}][^()（）]{{0,40}})[)）]")
_HALF_PAREN = re.compile(rf"(?<=[{_HAN}])\(|\((?=[{_HAN}])|(?<=[{_HAN}])\)|\)(?=[{_HAN}，。；：])")
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def repair(text: str) -> str:
    """Undo what OCR breaks in a line of Chinese official text."""
    text = text.strip()
    text = _DOC_NUMBER.sub(r"〔\1〕", text)
    text = _DIGIT_LOOKALIKE.sub(lambda m: _LOOKALIKE_DIGIT[m.group(0)], text)
    text = _SPACE_IN_DATE.sub("", text)
    text = _HALF_PUNCT.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)
    text = _PERIOD.sub("。", text)
    text = _PARENS.sub(r"（\1）", text)
    text = _HALF_PAREN.sub(lambda m: "（" if m.group(0) == "(" else "）", text)
    text = re.sub(r"（([^（）()]{0,40})\)", r"（\1）", text)  # a pair half read as half-width
    text = re.sub(r"\(([^（）()]{0,40})）", r"（\1）", text)
    text = _quotes(text)
    # 〔 opened and closed as "]" (or the reverse): a bracket of one kind.
    text = re.sub(r"〔([^〔〕\[\]]{1,12})\]", r"〔\1〕", text)
    text = re.sub(r"\[([^〔〕\[\]]{1,12})〕", r"〔\1〕", text)
    return _SPACE_BETWEEN_HAN.sub("", text)


def _quotes(text: str) -> str:
    """Straight double quotes in Chinese text become “ and ”, in turn."""
    if '"' not in text or not re.search(f"[{_HAN}]", text):
        return text
    out: list[str] = []
    opening = True
    for char in text:
        if char == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)
