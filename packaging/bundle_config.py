"""What goes into the StreamDesk bundle, per platform, as plain data the tests can check.

`streamdesk.spec` is executed by PyInstaller and cannot be imported by a test; every
decision it makes (executables, icon, file association, what to leave out) is taken here
instead, so that the Windows and macOS branches are tested on Linux too.
"""

from __future__ import annotations

import fnmatch
import re
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

APP_NAME = "StreamDesk"
APP_ID = "io.github.streamdesk.StreamDesk"
BUNDLE_NAME = "streamdesk"  # the folder in dist/, and the command on Linux and macOS
MIME_TYPE = "application/x-streamdesk-plan"
EXTENSION = "streamdesk"
MAC_UTI = "io.github.streamdesk.plan"

# Python modules StreamDesk never imports at run time but that its dependencies reach:
# test suites, other GUI toolkits, Qt modules it does not use, Pillow's AVIF codec (5 MB).
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "IPython",
    "numpy.tests",
    "numpy.f2py",
    "matplotlib.tests",
    "matplotlib.testing",
    "PIL.ImageTk",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL.ImageCms",  # colour management (LittleCMS): only Image.convert() to LAB uses it
    "PIL._imagingcms",
    # numpy and matplotlib import these on first use only, and no chart of StreamDesk's
    # uses them: random numbers, FFT, contours (contourpy), triangulations (qhull)
    "numpy.random",
    "numpy.fft",
    "numpy._core._multiarray_tests",
    "contourpy",
    "matplotlib._qhull",
    "matplotlib._tri",
    # the standard library's tools for developers, which libraries import only inside a
    # function or under `if __name__ == "__main__"`: help(), the debugger, doctests
    "pydoc_data",
    "pydoc",
    "pdb",
    "doctest",
    "xmlrpc",  # defusedxml.xmlrpc only
    # process pools (concurrent.futures imports them on first use; StreamDesk uses threads)
    "multiprocessing",
    "concurrent.futures.process",
    "_pydecimal",  # decimal's fallback when the C _decimal is missing; it is bundled
    # asyncio: reached through unittest's async test case and typing_extensions' wrapper for
    # deprecated coroutines; no library in the bundle has a coroutine to wrap
    "asyncio",
    # no network: OpenSSL (5 MB) goes; hashlib falls back to Python's own hashes
    "ssl",
    "_ssl",
    "_hashlib",
    "readline",  # no interactive prompt: readline and ncurses stay out
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtWebEngineCore",
]

# matplotlib imports a backend by name when a figure is saved; PyInstaller cannot see
# that, so the ones StreamDesk uses are named: the Qt canvas and savefig's PNG, PDF, SVG.
MATPLOTLIB_BACKENDS = ["QtAgg", "Agg", "pdf", "svg"]

# Qt plugins by folder: None keeps the whole folder, a set keeps those plugins only,
# a folder not listed is left out (input devices for kiosks, TLS and network status,
# embedded EGL, the GTK theme whose libraries a bundle cannot carry).
QT_PLUGINS: dict[str, set[str] | None] = {
    # the desktop (X11, Wayland, Windows, macOS) and offscreen for tests and CI
    "platforms": {"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen", "qminimal"},
    "platformthemes": {"qxdgdesktopportal"},  # native file dialogs in sandboxes
    "platforminputcontexts": None,  # compose key and input methods: accents, CJK
    "iconengines": None,  # the SVG icon engine for the app icon
    "imageformats": {"qsvg", "qico", "qicns"},
    "styles": None,  # the native look on Windows and macOS
    "printsupport": None,  # File > Print (CUPS on Linux), once the app imports QtPrintSupport
    "xcbglintegrations": None,
    "wayland-decoration-client": None,  # title bars on GNOME under Wayland
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
}

# Linux libraries taken from the desktop rather than the build machine: fontconfig must
# match the desktop's own configuration files, or it warns on every start; D-Bus is the
# desktop's own bus (and brings systemd and libgcrypt with it, 3 MB); CUPS must speak to
# the desktop's own print server (and brings GnuTLS, Kerberos and Avahi, 8 MB). Without
# CUPS, Qt's print plugin is not loaded and printing to PDF still works.
HOST_LIBRARIES = ["libfontconfig.so", "libdbus-1.so", "libcups.so"]

# matplotlib data StreamDesk never reads: example data sets, pyplot's toolbar icons, the
# metrics of PDF's and PostScript's 14 built-in fonts (only with pdf.use14corefonts or
# ps.useafm), and the font families no chart asks for (serif, mono's bold and italic).
DROPPED_DATA = [
    "matplotlib/mpl-data/sample_data/",
    "matplotlib/mpl-data/images/",  # the chart is embedded in StreamDesk's own pane
    "matplotlib/mpl-data/fonts/afm/",
    "matplotlib/mpl-data/fonts/pdfcorefonts/",
]
# The fonts the chart reaches: DejaVu Sans in every weight (the default), and what mathtext
# opens when a label holds $...$ (a plan called "$5 vs $10"): DejaVu Sans Mono and Display,
# the STIX fallback and Computer Modern (BaKoMa) for its symbols. LastResortHE is every
# font's last fallback (matplotlib 3.10+). A test draws such a chart with only these.
MATPLOTLIB_FONTS = re.compile(
    r"(DejaVuSans(-Bold|-Oblique|-BoldOblique|Display|Mono)?|STIX.*|cm\w+10"
    r"|LastResortHE-Regular)\.ttf"
)
_MPL_TTF = "matplotlib/mpl-data/fonts/ttf/"

# Babel's locale data (1,150 locales, 33 MB): the import parses numbers with Babel for the
# locales streamdesk.excel.amounts.LOCALES names (a test keeps the two lists equal). Each
# needs its parents too ("de_DE" reads "de" and "root"), found by `babel_locale_chain`.
BABEL_LOCALES = ["de_DE", "en_US"]
_BABEL_DATA = "babel/locale-data/"

ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


@dataclass(frozen=True)
class Executable:
    name: str
    console: bool


def read_version(root: Path) -> str:
    """The version in streamdesk/__init__.py, read as text (the build must not import it)."""
    text = (root / "streamdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    if not match:
        raise ValueError(f"no __version__ in {root / 'streamdesk' / '__init__.py'}")
    return match.group(1)


def platform_key(sys_platform: str) -> str:
    """'linux', 'windows' or 'macos' for a `sys.platform` value."""
    if sys_platform.startswith("win"):
        return "windows"
    if sys_platform == "darwin":
        return "macos"
    return "linux"


def executables(platform: str) -> list[Executable]:
    """The programs in the bundle.

    Windows shows a console window for a console program, and a windowed one has no
    stdout: so the window gets `StreamDesk.exe` and scripts get `streamdesk-cli.exe`.
    Elsewhere one program does both.
    """
    if platform == "windows":
        return [Executable("StreamDesk", console=False), Executable("streamdesk-cli", console=True)]
    return [Executable(BUNDLE_NAME, console=platform == "linux")]


def icon_file(platform: str, icon_dir: Path) -> str | None:
    """The icon PyInstaller embeds: .ico on Windows, .icns on macOS (Linux uses the theme)."""
    if platform == "windows":
        return str(icon_dir / "streamdesk.ico")
    if platform == "macos":
        return str(icon_dir / "streamdesk.icns")
    return None


def strip_debug_info(platform: str) -> bool:
    """Strip debug info and symbol tables after the build on Linux (libpython loses 18 MB).

    Not PyInstaller's own `strip`, which strips everything: it breaks the libraries that
    auditwheel rewrote (numpy's OpenBLAS), and on macOS and Windows the signatures.
    """
    return platform == "linux"


# What `strip --strip-unneeded` takes out: debug info and the full symbol table (5 MB more
# than debug info alone); the dynamic symbols a library is linked and imported by stay.
STRIPPED_SECTIONS = {".debug_info", ".symtab"}


def close_elf_holes(platform: str) -> bool:
    """Linux: patchelf (auditwheel) leaves 2 MiB holes in vendored libraries; see elf_gap.py."""
    return platform == "linux"


def strippable(dest: str) -> bool:
    """A library whose debug info may go: not one of a wheel's vendored `*.libs/` ones."""
    return not any(part.endswith(".libs") for part in PurePosixPath(dest).parts[:-1])


def info_plist(version: str) -> dict[str, Any]:
    """macOS: the app's identity and the `.streamdesk` document type it opens."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": APP_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "StreamDesk plan",
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [MAC_UTI],
                "CFBundleTypeIconFile": "streamdesk.icns",
            }
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": MAC_UTI,
                "UTTypeDescription": "StreamDesk plan",
                "UTTypeConformsTo": ["public.data", "public.database"],
                "UTTypeIconFile": "streamdesk.icns",
                "UTTypeTagSpecification": {
                    "public.filename-extension": [EXTENSION],
                    "public.mime-type": [MIME_TYPE],
                },
            }
        ],
    }


def smoke_executable(platform: str, dist: Path) -> Path:
    """The program the smoke test runs: the one with a console, inside the bundle."""
    if platform == "windows":
        return dist / BUNDLE_NAME / "streamdesk-cli.exe"
    if platform == "macos":
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / BUNDLE_NAME
    return dist / BUNDLE_NAME / BUNDLE_NAME


def babel_locale_chain(locales: list[str]) -> set[str]:
    """The locales and every parent Babel merges them with: "de_DE" -> de_DE, de, root.

    Babel's exceptions to cutting the last part ("es_MX" -> "es_419") are in its global
    data; the locales StreamDesk parses with have none, which the smoke test proves.
    """
    chain = {"root"}
    for locale in locales:
        parts = locale.split("_")
        chain.update("_".join(parts[:n]) for n in range(1, len(parts) + 1))
    return chain


# -- ICU (Linux): QtCore calls ICU for collation (QCollator, and the sorting in Qt's own
# file dialog), time zone names (QTimeZone::displayName), code pages other than UTF and
# Latin-1 (QStringConverter), and case mapping (tables in ICU's code, no data). The data
# library holds far more (every locale's names, units, calendars, break dictionaries,
# transliterators: 32 MB); `icu_data.py` keeps what `keep_icu_item` accepts.
ICU_KEPT = [
    "coll/*",  # collation rules for every language: sorting stays right in any locale
    "*.icu",  # character properties and names, the code pages' alias table
    "*.nrm",  # normalization, which collation uses
    # the main tree's root (every lookup falls back to it), with the data it needs
    "root.res",
    "res_index.res",
    "pool.res",
    "supplementalData.res",
    "likelySubtags.res",
    "metadata.res",
    # time zone rules; without the zone/ names QTimeZone::displayName() is empty (StreamDesk
    # never asks; abbreviations such as "CET" come from the system's own tz files)
    "zoneinfo64.res",
    "timezoneTypes.res",
    "metaZones.res",
    "windowsZones.res",
]
# Code pages: the single-byte ones (Windows, ISO 8859, Mac, EBCDIC) are a few KB each and
# kept; the multi-byte CJK tables (4.6 MB) go: StreamDesk reads files with Python, not Qt.
ICU_CONVERTER_MAX = 20_000


def keep_icu_item(name: str, size: int) -> bool:
    """Whether an item of ICU's data package ("coll/de.res", its size) stays in the bundle."""
    if name.endswith(".cnv"):
        return size <= ICU_CONVERTER_MAX
    folder, _, base = name.rpartition("/")
    for pattern in ICU_KEPT:
        in_folder, _, wanted = pattern.rpartition("/")
        if in_folder == folder and fnmatch.fnmatchcase(base, wanted):
            return True
    return False


def slim_icu(platform: str) -> bool:
    """Cut ICU's data on Linux only: Windows and macOS builds of Qt use the system's ICU."""
    return platform == "linux"


# Qt's folders sit under PySide6/Qt/ on Linux and macOS, under PySide6/ on Windows.
_PLUGIN_RE = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/(?:lib)?([^/.]+)[^/]*$")
_TRANSLATIONS_RE = re.compile(r"(?:^|/)PySide6/(?:Qt/)?translations/")


def keep(dest: str) -> bool:
    """Whether a file PyInstaller collected (by its path in the bundle) is worth shipping."""
    path = dest.replace("\\", "/")
    if _TRANSLATIONS_RE.search(path):
        return False  # StreamDesk speaks English and loads no Qt translation
    if any(path.startswith(prefix) for prefix in DROPPED_DATA):
        return False
    if path.endswith(".dist-info/RECORD"):
        return False  # pip's list of installed files: no use without pip (numpy's: 130 KB)
    if path.startswith(_MPL_TTF):
        return MATPLOTLIB_FONTS.fullmatch(path[len(_MPL_TTF) :]) is not None
    if path.startswith(_BABEL_DATA) and path.endswith(".dat"):
        return path[len(_BABEL_DATA) : -len(".dat")] in babel_locale_chain(BABEL_LOCALES)
    match = _PLUGIN_RE.search(path)
    if match:
        folder, stem = match.groups()
        if folder not in QT_PLUGINS:
            return False
        wanted = QT_PLUGINS[folder]
        return wanted is None or stem in wanted
    name = PurePosixPath(path).name
    return not any(name.startswith(lib) for lib in HOST_LIBRARIES)


# -- ELF, for Linux: which libraries a library asks for itself (ldd would list the whole
# closure, including what the desktop's own libraries bring) and which carry debug info.


def _elf_sections(path: Path) -> list[tuple[str, int, int, int, int]]:
    """(name, type, offset, size, link) per section of a 64-bit little-endian ELF file."""
    with path.open("rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return []
        shoff = struct.unpack_from("<Q", head, 0x28)[0]
        entsize, count, names_index = struct.unpack_from("<HHH", head, 0x3A)
        f.seek(shoff)
        table = f.read(entsize * count)
        if count == 0 or len(table) < entsize * count or names_index >= count:
            return []
        raw = [struct.unpack_from("<IIQQQQIIQQ", table, i * entsize) for i in range(count)]
        f.seek(raw[names_index][4])
        names = f.read(raw[names_index][5])
    sections = []
    for name, kind, _flags, _addr, offset, size, link, *_ in raw:
        end = names.find(b"\0", name)
        sections.append((names[name:end].decode("ascii", "replace"), kind, offset, size, link))
    return sections


def elf_sections(path: Path) -> set[str]:
    """The section names of an ELF file; empty for anything else."""
    return {section[0] for section in _elf_sections(path)}


def elf_needed(path: Path) -> list[str]:
    """The libraries an ELF file names itself (DT_NEEDED), in order."""
    sections = _elf_sections(path)
    dynamic = next((s for s in sections if s[1] == 6), None)  # SHT_DYNAMIC
    if dynamic is None:
        return []
    strings = sections[dynamic[4]]
    with path.open("rb") as f:
        f.seek(dynamic[2])
        entries = f.read(dynamic[3])
        f.seek(strings[2])
        text = f.read(strings[3])
    needed = []
    for i in range(0, len(entries) - 15, 16):
        tag, value = struct.unpack_from("<qQ", entries, i)
        if tag == 0:  # DT_NULL
            break
        if tag == 1:  # DT_NEEDED
            needed.append(text[value : text.find(b"\0", value)].decode("ascii", "replace"))
    return needed
