"""Qt's ICU data library, cut down to what Qt asks ICU for (the Linux bundle).

PySide6's Qt on Linux links ICU, and ICU's data library (`libicudata.so.73`, 32 MB) holds
every locale's names, calendars, units, break dictionaries and code pages. QtCore calls only
four ICU services (see `bundle_config.ICU_KEPT`): collation, a few time zone calls, code
page converters and case mapping (whose tables are in ICU's code, not its data). This module
reads the data package the library carries, keeps the items `bundle_config.keep_icu_item`
accepts, and links a new library with the same name and symbol using binutils (`as`, `ld`:
the same package as `strip`, which the Linux build already needs).

ICU's common data format (`CmnD`, icu4c/source/common/ucmndata.h): the data header, then
a table of contents (a count, then per item the offset of its name and of its data, both
from the start of the table), the names, and the items, each at a 16-byte boundary.
Only the standard library is used, so the tests can check it without a build.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

MAGIC = b"\xda\x27"
FORMAT = b"CmnD"
PAD = b"\xaa"  # what ICU's own tools pad with: a package read and written is unchanged


class IcuDataError(Exception):
    """A library or data package that is not what this module knows how to rewrite."""


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol (`icudtNN_dat`) of an ICU data library: name, file offset, size."""
    data = library.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise IcuDataError(f"{library}: not a 64-bit little-endian ELF library")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    entsize, count = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * entsize) for i in range(count)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, symsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link]
        for at in range(offset, offset + size, symsize):
            name_at, _info8, _other, shndx, value, length = struct.unpack_from("<IBBHQQ", data, at)
            start = strings[4] + name_at
            name = data[start : data.index(b"\0", start)].decode("ascii", "replace")
            if name.startswith("icudt") and name.endswith("_dat") and 0 < shndx < count:
                home = sections[shndx]
                return name, value - home[3] + home[4], length
    raise IcuDataError(f"{library}: no icudtNN_dat symbol")


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, data) items of an ICU common data package, in order."""
    if len(blob) < 32 or blob[2:4] != MAGIC:
        raise IcuDataError("not an ICU data package")
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[12:16] != FORMAT or blob[8] != 0:  # little-endian common data
        raise IcuDataError(f"not a little-endian ICU common data package: {blob[12:16]!r}")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        start = toc + name_at
        name = blob[start : blob.index(b"\0", start)].decode("ascii")
        end = toc + entries[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[toc + data_at : end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common data package: items sorted by name (ICU looks them up by bisection)."""
    items = sorted(items, key=lambda item: item[0].encode("ascii"))
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    table = 4 + 8 * len(items)
    data_at = table + len(names)
    data_at += -(len(header) + data_at) % 16  # items start on 16 bytes, in the whole blob
    entries, body, name_at, at = [], bytearray(), table, data_at
    for name, data in items:
        entries.append(struct.pack("<II", name_at, at))
        name_at += len(name) + 1
        padded = data + PAD * (-len(data) % 16)
        body += padded
        at += len(padded)
    head = struct.pack("<I", len(items)) + b"".join(entries) + names
    return header + head + PAD * (data_at - len(head)) + bytes(body)


def package_name(items: list[tuple[str, bytes]]) -> str:
    """The package prefix of the item names ("icudt73l")."""
    return items[0][0].split("/", 1)[0] if items else ""


def filter_items(
    items: list[tuple[str, bytes]], keep: Callable[[str, int], bool]
) -> list[tuple[str, bytes]]:
    """The items `keep(name without the package prefix, size)` accepts."""
    return [(name, data) for name, data in items if keep(name.split("/", 1)[-1], len(data))]


ASSEMBLY = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


def link_library(blob: bytes, symbol: str, soname: str, out: Path) -> None:
    """A shared library exporting `symbol` = blob, the way ICU's own data library is made."""
    assembler, linker = shutil.which("as"), shutil.which("ld")
    if assembler is None or linker is None:
        raise IcuDataError("`as` and `ld` (binutils) are needed to link the ICU data library")
    with tempfile.TemporaryDirectory(prefix="icudata-") as tmp:
        work = Path(tmp)
        (work / "data.bin").write_bytes(blob)
        source = ASSEMBLY.format(symbol=symbol, data=(work / "data.bin").as_posix())
        (work / "data.s").write_text(source, encoding="ascii")
        subprocess.run([assembler, "-o", str(work / "data.o"), str(work / "data.s")], check=True)
        linked = work / soname
        flags = ["-shared", "-soname", soname, "-z", "noexecstack", "--hash-style=gnu"]
        subprocess.run([linker, *flags, "-o", str(linked), str(work / "data.o")], check=True)
        shutil.copyfile(linked, out)


def slim_library(library: Path, keep: Callable[[str, int], bool]) -> tuple[int, int]:
    """Rewrite an ICU data library in place with the items `keep` accepts: sizes before, after."""
    before = library.stat().st_size
    symbol, offset, size = data_symbol(library)
    header, items = read_package(library.read_bytes()[offset : offset + size])
    kept = filter_items(items, keep)
    blob = write_package(header, kept)
    mode = library.stat().st_mode
    link_library(blob, symbol, library.name, library)
    library.chmod(mode)
    return before, library.stat().st_size
