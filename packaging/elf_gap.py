"""Close the hole patchelf leaves in a wheel's vendored library (Linux bundle).

auditwheel renames the libraries a wheel vendors (`pillow.libs/libXau-154567c4.so.6.0.0`)
with patchelf, which puts the new dynamic strings in a segment of their own, 2 MiB into
the file (the largest page size it allows for): Pillow's 20 KB libXau takes 2.1 MB on
disk, almost all of it zeros. This moves that last part of the file down to the next
64 KiB boundary (64 KiB: the largest page size of Linux on x86-64 and arm64), where a
loadable segment may start as well as at 2 MiB, and writes nothing else. A file whose
layout is not exactly that (any segment across the hole) is left alone.
"""

from __future__ import annotations

import struct
from pathlib import Path

PAGE = 0x10000
MIN_GAP = 4 * PAGE  # smaller holes are not worth rewriting a library for
PT_LOAD = 1
SHT_NOBITS = 8


def _header(data: bytes) -> tuple[int, int, int, int, int, int] | None:
    """phoff, phentsize, phnum, shoff, shentsize, shnum of a 64-bit little-endian ELF."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", data, 0x36)
    return phoff, phentsize, phnum, shoff, shentsize, shnum


def compact(data: bytes) -> bytes | None:
    """The library without its hole, or None when there is none to close safely."""
    header = _header(data)
    if header is None:
        return None
    phoff, phentsize, phnum, shoff, shentsize, shnum = header
    segments = [struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize) for i in range(phnum)]
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    # what the file holds, as (start, end) byte ranges
    used = [(0, phoff + phnum * phentsize), (shoff, shoff + shnum * shentsize)]
    used += [(s[2], s[2] + s[5]) for s in segments if s[5]]
    used += [(s[4], s[4] + s[5]) for s in sections if s[1] != SHT_NOBITS and s[5]]
    used.sort()
    end, hole = 0, None
    for start, stop in used:
        if start - end >= MIN_GAP and (hole is None or start - end > hole[1] - hole[0]):
            hole = (end, start)
        end = max(end, stop)
    if hole is None:
        return None
    low, high = hole
    shift = (high - low) // PAGE * PAGE  # the moved part lands at or after `low`
    if shift <= 0 or any(start < high < stop for start, stop in used):
        return None
    for kind, _flags, offset, vaddr, _paddr, _filesz, _memsz, _align in segments:
        if kind == PT_LOAD and offset >= high and (vaddr - (offset - shift)) % PAGE:
            return None
    out = bytearray(data[:low] + b"\0" * (high - shift - low) + data[high:])

    def moved(offset: int) -> int:
        return offset - shift if offset >= high else offset

    struct.pack_into("<Q", out, 0x28, moved(shoff))
    new_shoff = moved(shoff)
    for i, (kind, flags, offset, vaddr, paddr, filesz, memsz, align) in enumerate(segments):
        if kind == PT_LOAD:
            align = min(align, PAGE)
        struct.pack_into(
            "<IIQQQQQQ",
            out,
            phoff + i * phentsize,
            kind,
            flags,
            moved(offset),
            vaddr,
            paddr,
            filesz,
            memsz,
            align,
        )
    for i, section in enumerate(sections):
        name, kind, flags, addr, offset, *rest = section
        struct.pack_into(
            "<IIQQQQIIQQ",
            out,
            new_shoff + i * shentsize,
            name,
            kind,
            flags,
            addr,
            moved(offset),
            *rest,
        )
    return bytes(out)


def compact_file(path: Path) -> int:
    """Rewrite a library without its hole, in place: the bytes saved (0: left alone)."""
    data = path.read_bytes()
    smaller = compact(data)
    if smaller is None:
        return 0
    mode = path.stat().st_mode
    path.write_bytes(smaller)
    path.chmod(mode)
    return len(data) - len(smaller)
