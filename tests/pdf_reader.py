"""A small reader for the PDFs Qt writes: pages, page size, fonts, text and text sizes.

Enough to test the report without poppler or a PDF library: objects are found by
regular expression, streams inflated with zlib, glyphs mapped to text through each
font's ToUnicode CMap, and a text's size in points is its ``Tf`` size times the scale of
the current transformation and text matrices.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_REF = r"(\d+) 0 R"


@dataclass
class PdfPage:
    media_box: tuple[float, float, float, float]
    text: str
    font_sizes: list[float] = field(default_factory=list)

    @property
    def size(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.media_box
        return x1 - x0, y1 - y0


@dataclass
class Pdf:
    pages: list[PdfPage]
    fonts: list[str]  # BaseFont names
    embedded: list[bool]  # per FontDescriptor: FontFile, FontFile2 or FontFile3 present
    info: str

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


def _objects(data: bytes) -> dict[int, tuple[str, bytes | None]]:
    """Every object by number, found through the cross-reference table Qt writes."""
    at = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    section = re.match(rb"xref\s+(\d+)\s+(\d+)\s+", data[at:])
    assert section, "no cross-reference table"
    first, count = int(section.group(1)), int(section.group(2))
    table = data[at + section.end() :]
    found: dict[int, tuple[str, bytes | None]] = {}
    for n in range(count):
        entry = table[n * 20 : n * 20 + 18].split()
        if len(entry) < 3 or entry[2] != b"n":
            continue
        offset = int(entry[0])
        head = re.match(rb"\s*(\d+)\s+\d+\s+obj\s*", data[offset:])
        assert head, f"no object at {offset}"
        body_at = offset + head.end()
        stream_at = data.find(b"stream", body_at)
        end_at = data.find(b"endobj", body_at)
        stream = None
        if 0 <= stream_at < end_at:
            body = data[body_at:stream_at]
            raw_at = stream_at + len(b"stream")
            raw_at += 2 if data[raw_at : raw_at + 2] == b"\r\n" else 1
            if b"FlateDecode" in body:
                stream = zlib.decompressobj().decompress(data[raw_at:])
            else:
                length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", body)
                stream = data[raw_at : raw_at + int(length.group(1))] if length else b""
        else:
            body = data[body_at:end_at]
        found[first + n if first else int(head.group(1))] = (body.decode("latin-1"), stream)
    return found


def _cmap(stream: bytes) -> dict[int, str]:
    text = stream.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block
        ):
            codes = range(int(lo, 16), int(hi, 16) + 1)
            if dst.startswith("["):  # one destination per code
                targets = [
                    bytes.fromhex(h).decode("utf-16-be")
                    for h in re.findall(r"<([0-9A-Fa-f]+)>", dst)
                ]
                mapping.update(zip(codes, targets, strict=False))
            else:
                start = int(dst.strip("<>"), 16)
                mapping.update((code, chr(start + n)) for n, code in enumerate(codes))
    # Qt maps the space glyph to a tab; text reads as it prints
    return {k: (" " if v == "\t" else v) for k, v in mapping.items()}


_TOKEN = re.compile(
    rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]|(/[^\s/<>\[\]()]+)|([-+]?\d*\.?\d+)|([A-Za-z'\"*]+)"
)


def _scale(m: list[float]) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def _page_text(content: bytes, fonts: dict[str, dict[int, str]]) -> tuple[str, list[float]]:
    out: list[str] = []
    sizes: list[float] = []
    stack: list[float] = []
    ctm = 1.0
    text_scale = 1.0
    font: dict[int, str] = {}
    size = 0.0
    operands: list[bytes] = []
    for match in _TOKEN.finditer(content):
        hexa, array, name, number, op = match.groups()
        if op is None:
            operands.append(match.group(0))
            continue
        op_s = op.decode()
        args = operands
        operands = []
        if op_s == "q":
            stack.append(ctm)
        elif op_s == "Q":
            ctm = stack.pop() if stack else 1.0
        elif op_s == "cm" and len(args) >= 6:
            ctm *= _scale([float(a) for a in args[-6:]])
        elif op_s == "Tm" and len(args) >= 6:
            text_scale = _scale([float(a) for a in args[-6:]])
        elif op_s == "BT":
            text_scale = 1.0
        elif op_s == "ET":
            out.append("\n")
        elif op_s == "Tf" and len(args) >= 2:
            font = fonts.get(args[-2].decode().lstrip("/"), {})
            size = float(args[-1])
        elif op_s in ("Tj", "TJ", "'", '"') and args:
            glyphs = re.findall(rb"<([0-9A-Fa-f]*)>", b" ".join(args))
            for g in glyphs:
                hexes = g.decode()
                out.extend(font.get(int(hexes[i : i + 4], 16), "") for i in range(0, len(hexes), 4))
            sizes.append(size * text_scale * ctm)
        _ = (hexa, array, name, number)
    return unicodedata.normalize("NFKC", "".join(out)), sizes


def read_pdf(path: str | Path) -> Pdf:
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF-"), f"{path} is not a PDF"
    objects = _objects(data)
    catalog_pages = next(
        body for body, _ in objects.values() if re.search(r"/Type\s*/Pages\b", body)
    )
    kids = [
        int(k)
        for k in re.findall(_REF, re.search(r"/Kids\s*\[(.*?)\]", catalog_pages, re.S).group(1))
    ]  # type: ignore[union-attr]
    cmaps: dict[int, dict[int, str]] = {}
    pages = []
    for kid in kids:
        body, _ = objects[kid]
        box = tuple(float(v) for v in re.search(r"/MediaBox\s*\[([^\]]*)\]", body).group(1).split())  # type: ignore[union-attr]
        resources = body
        ref = re.search(r"/Resources\s+" + _REF, body)
        if ref:
            resources = objects[int(ref.group(1))][0]
        fonts: dict[str, dict[int, str]] = {}
        for name, font_ref in re.findall(r"/(\w+)\s+" + _REF, _font_dict(resources, objects)):
            font_id = int(font_ref)
            if font_id not in cmaps:
                to_unicode = re.search(r"/ToUnicode\s+" + _REF, objects[font_id][0])
                stream = objects[int(to_unicode.group(1))][1] if to_unicode else None
                cmaps[font_id] = _cmap(stream) if stream else {}
            fonts[name] = cmaps[font_id]
        contents = re.search(r"/Contents\s+" + _REF, body)
        stream = objects[int(contents.group(1))][1] if contents else b""  # type: ignore[union-attr]
        text, sizes = _page_text(stream or b"", fonts)
        pages.append(PdfPage(box, text, sizes))  # type: ignore[arg-type]
    names = [
        m
        for body, _ in objects.values()
        if re.search(r"/Type\s*/Font\b", body) and "/Type0" in body
        for m in re.findall(r"/BaseFont\s*/([\w+-]+)", body)
    ]
    embedded = [
        bool(re.search(r"/FontFile[23]?\s", body))
        for body, _ in objects.values()
        if re.search(r"/Type\s*/FontDescriptor\b", body)
    ]
    info = next((b for b, _ in objects.values() if "/Producer" in b), "")
    return Pdf(pages, names, embedded, info)


def _font_dict(resources: str, objects: dict[int, tuple[str, bytes | None]]) -> str:
    ref = re.search(r"/Font\s+" + _REF, resources)
    if ref:
        return objects[int(ref.group(1))][0]
    inline = re.search(r"/Font\s*<<(.*?)>>", resources, re.S)
    return inline.group(1) if inline else ""
