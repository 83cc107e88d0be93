"""The ways StreamDesk reaches people: the wheel, the bundle's spec, the Linux package.

The bundle itself is built and smoke-tested by `make bundle` (a minute or two, so not
here); these tests cover what decides its contents, the install scripts in a temporary
home, the desktop files against the freedesktop validators, and a real `pip install .`.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle  # noqa: E402
import bundle_config as cfg  # noqa: E402
import elf_gap  # noqa: E402
import icu_data  # noqa: E402

import streamdesk  # noqa: E402
from streamdesk import resources  # noqa: E402

DESKTOP = PACKAGING / "streamdesk.desktop"
METAINFO = PACKAGING / f"{cfg.APP_ID}.metainfo.xml"
MIME = PACKAGING / f"{cfg.APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


# -- resources: what the app reads at run time ships inside the package -------------------


def test_icon_is_package_data_read_through_importlib_resources() -> None:
    icon = resources.resource(resources.ICON)
    assert icon.read_bytes().lstrip().startswith(b"<svg")
    assert Path(str(icon)).is_relative_to(Path(streamdesk.__file__).parent)
    assert not (ROOT / "resources" / resources.ICON).exists(), "one copy, in the package"


def test_pyproject_declares_the_icon_as_package_data() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["streamdesk.resources"]
    assert any(Path(resources.ICON).match(p) for p in patterns)


def test_the_application_gets_the_icon(qapp) -> None:
    from streamdesk.gui.app import app_icon, configure_application

    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()
    names = qapp.applicationName(), qapp.organizationName()
    try:
        configure_application(qapp)
        assert not qapp.windowIcon().isNull()
    finally:
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])


def test_the_icon_is_read_from_a_package_that_is_not_on_disk(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from streamdesk.gui import app as gui_app

    archive = tmp_path / "resources.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(resources.ICON, resources.resource(resources.ICON).read_bytes())
    with zipfile.ZipFile(archive) as zipped:
        monkeypatch.setattr(resources, "resource", lambda name: zipfile.Path(zipped, name))
        icon = gui_app.app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(48, 48).isNull()


# -- the spec's decisions, on every platform ------------------------------------------------


def test_version_is_read_from_the_source_without_importing_it() -> None:
    assert cfg.read_version(ROOT) == streamdesk.__version__


@pytest.mark.parametrize(
    ("sys_platform", "expected"),
    [("linux", "linux"), ("win32", "windows"), ("darwin", "macos"), ("freebsd14", "linux")],
)
def test_platform_key(sys_platform: str, expected: str) -> None:
    assert cfg.platform_key(sys_platform) == expected


def test_windows_gets_a_windowed_program_and_a_console_one_for_scripts(tmp_path: Path) -> None:
    programs = cfg.executables("windows")
    assert [(p.name, p.console) for p in programs] == [
        ("StreamDesk", False),
        ("streamdesk-cli", True),
    ]
    # case-insensitive file systems: the two names must differ beyond case
    assert len({p.name.lower() for p in programs}) == 2
    assert cfg.icon_file("windows", tmp_path) == str(tmp_path / "streamdesk.ico")
    assert cfg.smoke_executable("windows", tmp_path) == tmp_path / "streamdesk" / (
        "streamdesk-cli.exe"
    )


def test_linux_and_macos_have_one_program(tmp_path: Path) -> None:
    assert [(p.name, p.console) for p in cfg.executables("linux")] == [("streamdesk", True)]
    assert [(p.name, p.console) for p in cfg.executables("macos")] == [("streamdesk", False)]
    assert cfg.icon_file("linux", tmp_path) is None
    assert cfg.icon_file("macos", tmp_path) == str(tmp_path / "streamdesk.icns")
    assert cfg.smoke_executable("macos", tmp_path) == (
        tmp_path / "StreamDesk.app" / "Contents" / "MacOS" / "streamdesk"
    )
    assert cfg.smoke_executable("linux", tmp_path) == tmp_path / "streamdesk" / "streamdesk"


def test_macos_declares_the_plan_document_type() -> None:
    plist = cfg.info_plist("1.2.3")
    assert plist["CFBundleIdentifier"] == cfg.APP_ID
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    (doc,) = plist["CFBundleDocumentTypes"]
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    tags = uti["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == ["streamdesk"]
    assert tags["public.mime-type"] == [cfg.MIME_TYPE]


def test_info_plist_is_valid_plist_data() -> None:
    import plistlib

    data = plistlib.dumps(cfg.info_plist("0.1.0"))
    assert plistlib.loads(data)["CFBundleDocumentTypes"][0]["CFBundleTypeRole"] == "Editor"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        # Linux and macOS keep Qt under PySide6/Qt/, Windows under PySide6/
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/styles/libqmacstyle.dylib", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6\\translations\\qtbase_de.qm", False),
        ("matplotlib/mpl-data/sample_data/goog.npz", False),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", True),
        # the chart's font in every weight, what mathtext opens, the last-resort glyphs
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSans-BoldOblique.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSansMono.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSansDisplay.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/STIXGeneralBolIta.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/STIXSizOneSymReg.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/LastResortHE-Regular.ttf", True),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSansMono-Bold.ttf", False),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSerif.ttf", False),
        ("matplotlib/mpl-data/fonts/ttf/cmex10.ttf", True),  # mathtext's symbols
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSerifDisplay.ttf", False),
        ("matplotlib/mpl-data/fonts/afm/phvr8a.afm", False),
        ("matplotlib/mpl-data/fonts/pdfcorefonts/Helvetica.afm", False),
        ("matplotlib/mpl-data/images/home.svg", False),
        ("matplotlib/mpl-data/matplotlibrc", True),
        ("numpy-2.4.6.dist-info/RECORD", False),  # pip's list of files: no pip here
        ("numpy-2.4.6.dist-info/METADATA", True),
        ("numpy-2.4.6.dist-info/licenses/LICENSE.txt", True),
        # Babel: the import's locales and their parents, nothing else
        ("babel/global.dat", True),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/de.dat", True),
        ("babel/locale-data/de_DE.dat", True),
        ("babel/locale-data/en.dat", True),
        ("babel/locale-data/en_US.dat", True),
        ("babel/locale-data/de_AT.dat", False),
        ("babel/locale-data/fr.dat", False),
        ("babel/locale-data/es_419.dat", False),
        ("babel\\locale-data\\fr_FR.dat", False),
        ("libfontconfig.so.1", False),
        ("libdbus-1.so.3", False),
        ("libcups.so.2", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("libpython3.11.so.1.0", True),
        ("streamdesk/resources/streamdesk.svg", True),
    ],
)
def test_what_the_bundle_keeps(dest: str, kept: bool) -> None:
    assert cfg.keep(dest) is kept


def test_babel_keeps_the_locales_the_import_parses_with() -> None:
    from streamdesk.excel import amounts

    assert sorted(amounts.LOCALES.values()) == sorted(cfg.BABEL_LOCALES)
    assert cfg.babel_locale_chain(["de_DE", "sr_Latn_RS"]) == {
        "root",
        "de",
        "de_DE",
        "sr",
        "sr_Latn",
        "sr_Latn_RS",
    }


def test_the_kept_babel_data_parses_both_conventions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Babel with only the kept locale files, the way the bundle has it."""
    from decimal import Decimal

    from babel import localedata
    from babel.numbers import parse_decimal

    from streamdesk.excel import amounts

    source = Path(localedata._dirname)
    kept = tmp_path / "locale-data"
    kept.mkdir()
    for data in source.glob("*.dat"):
        if cfg.keep(f"babel/locale-data/{data.name}"):
            shutil.copyfile(data, kept / data.name)
    assert 0 < len(list(kept.iterdir())) < 10
    monkeypatch.setattr(localedata, "_dirname", str(kept))
    monkeypatch.setattr(localedata, "_cache", {})
    comma, point = amounts.LOCALES[amounts.DECIMAL_COMMA], amounts.LOCALES[amounts.DECIMAL_POINT]
    assert parse_decimal("1.250,50", locale=comma, strict=True) == Decimal("1250.50")
    assert parse_decimal("1,500", locale=point, strict=True) == Decimal("1500")
    assert amounts.parse_amount("1.250,50 €", amounts.DECIMAL_COMMA) == 1250.5
    assert amounts.parse_amount("$1,500", amounts.DECIMAL_POINT) == 1500.0
    assert not localedata.exists("fr_FR")


def test_the_smoke_test_finds_imported_amounts_in_the_export(tmp_path: Path) -> None:
    """check_amounts against the source tree's CLI: the values it expects are right."""

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "streamdesk", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            cwd=tmp_path,
        )
        assert done.stderr == ""
        return done.stdout

    plan = tmp_path / "plan.streamdesk"
    run("demo", str(plan))
    bundle.check_amounts(run, tmp_path, plan)
    assert b"Caf\xe9" in (tmp_path / "amounts-comma.csv").read_bytes()  # Windows-1252

    def wrong(*args: str) -> str:  # a bundle whose import read 1.250,50 as 1.2505
        out = run(*args)
        if args[0] == "export":
            path = Path(args[2])
            path.write_text(path.read_text("utf-8-sig").replace(",1250.5,", ",1.2505,"), "utf-8")
        return out

    with pytest.raises(bundle.SmokeError, match="Smoke Café crème"):
        bundle.check_amounts(wrong, tmp_path, tmp_path / "plan.streamdesk")


# -- ICU's data, cut to what Qt asks ICU for (Linux) -----------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "kept"),
    [
        ("coll/ucadata.icu", 570_000, True),  # QCollator: the root collation
        ("coll/de.res", 10_000, True),
        ("coll/zh.res", 712_000, True),  # sorting stays right in every language
        ("nfkc.nrm", 60_000, True),
        ("cnvalias.icu", 100_000, True),
        ("root.res", 105_000, True),
        ("pool.res", 159_000, True),
        ("zoneinfo64.res", 151_000, True),
        ("ibm-5348_P100-1997.cnv", 1_400, True),  # Windows-1252: single-byte, kept
        ("gb18030.cnv", 232_816, False),  # multi-byte CJK tables go
        ("de.res", 30_000, False),  # a locale's dates, numbers, names: Qt has its own
        ("lang/de.res", 40_000, False),
        ("region/de.res", 20_000, False),
        ("curr/de.res", 20_000, False),
        ("unit/de.res", 40_000, False),
        ("zone/de.res", 40_000, False),
        ("brkitr/cjdict.dict", 2_000_000, False),  # Qt breaks text with its own tables
        ("translit/root.res", 1_000_000, False),
        ("rbnf/de.res", 10_000, False),
        ("coll/sub/odd.res", 1_000, False),  # patterns match one folder, not below it
    ],
)
def test_icu_keeps_what_qt_asks_icu_for(name: str, size: int, kept: bool) -> None:
    assert cfg.keep_icu_item(name, size) is kept


def test_icu_is_slimmed_on_linux_only() -> None:
    assert cfg.slim_icu("linux")
    assert not cfg.slim_icu("windows") and not cfg.slim_icu("macos")


def icu_header() -> bytes:
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\3\0\0\0")
    head = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    return head + b"\0" * (32 - len(head))


def test_icu_package_is_written_sorted_aligned_and_read_back() -> None:
    items = [
        ("icudt73l/zone/de.res", b"z" * 5),
        ("icudt73l/coll/root.res", b"c" * 40),
        ("icudt73l/cnvalias.icu", b"a" * 16),
    ]
    blob = icu_data.write_package(icu_header(), items)
    header, read = icu_data.read_package(blob)
    assert header == icu_header()
    assert [name for name, _ in read] == sorted(name for name, _ in items)
    for name, data in read:
        original = dict(items)[name]
        assert data[: len(original)] == original and len(data) % 16 == 0
        assert blob.index(data) % 16 == 0
    assert icu_data.package_name(read) == "icudt73l"
    kept = icu_data.filter_items(read, lambda name, size: name.startswith("coll/"))
    assert [name for name, _ in kept] == ["icudt73l/coll/root.res"]
    with pytest.raises(icu_data.IcuDataError):
        icu_data.read_package(b"not icu data at all, not even close")


def qt_icu_data() -> Path:
    import PySide6

    found = [
        p
        for p in (Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*")
        if not p.is_symlink()
    ]
    if not found or shutil.which("as") is None or shutil.which("ld") is None:
        pytest.skip("needs Qt's own ICU (PySide6 on Linux) and binutils (as, ld)")
    return found[0]


ICU_PROBE = """
import functools, json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, Qt
words = ["Äpfel", "apfel", "Zebra", "zoo", "Ølen", "öl", "item10", "item2", "ch", "cz",
         "ångström", "été", "etre", "日本", "中国", "한국", "ß", "ss", "ı", "I"]
sorted_by = {}
for name in ["de_DE", "en_US", "fr_FR", "sv_SE", "cs_CZ", "es_ES", "tr_TR", "ja_JP",
             "zh_CN", "ko_KR", "nb_NO", "C"]:
    collator = QCollator(QLocale(name))
    collator.setNumericMode(True)
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    sorted_by[name] = sorted(words, key=functools.cmp_to_key(collator.compare))
codecs = {name: QStringDecoder(name).isValid()
          for name in ["windows-1252", "ISO-8859-2", "KOI8-R", "IBM437", "Shift_JIS"]}
upper = QLocale("tr_TR").toUpper("istanbul")
print(json.dumps({"sorted": sorted_by, "codecs": codecs, "upper": upper}))
"""


def test_qt_sorts_and_decodes_the_same_with_the_slimmed_icu_data(tmp_path: Path) -> None:
    """QCollator in a dozen languages, with Qt's ICU data and with the bundle's cut of it."""
    import json

    library = qt_icu_data()
    slim = tmp_path / library.name
    shutil.copyfile(library, slim)
    before, after = icu_data.slim_library(slim, cfg.keep_icu_item)
    assert after < before / 4
    symbol, _, _ = icu_data.data_symbol(slim)
    assert symbol == icu_data.data_symbol(library)[0]

    def probe(**extra: str) -> dict[str, Any]:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}
        done = subprocess.run(
            [sys.executable, "-c", ICU_PROBE], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0 and not done.stderr, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    full, cut = probe(), probe(LD_LIBRARY_PATH=str(tmp_path))
    assert cut["sorted"] == full["sorted"]
    assert cut["sorted"]["de_DE"] != cut["sorted"]["sv_SE"]  # the languages' own rules
    assert cut["upper"] == full["upper"] == "İSTANBUL"
    assert full["codecs"]["Shift_JIS"] and not cut["codecs"]["Shift_JIS"]  # CJK tables went
    single_byte = {k: v for k, v in cut["codecs"].items() if k != "Shift_JIS"}
    assert all(single_byte.values()), single_byte


def test_an_unchanged_package_is_written_back_byte_for_byte() -> None:
    library = qt_icu_data()
    _, offset, size = icu_data.data_symbol(library)
    with library.open("rb") as f:
        f.seek(offset)
        blob = f.read(size)
    header, items = icu_data.read_package(blob)
    assert len(items) > 1000
    assert icu_data.write_package(header, items) == blob


# What the bundle leaves out must not be what StreamDesk's code reaches: every module of
# the package, the chart saved in each format (with mathtext: "$" in a plan's name) using
# only the fonts the bundle keeps, a Windows-1252 file's detection and Babel's parsing.
LEFT_OUT_PROBE = """
import importlib, io, json, logging, pkgutil, shutil, sys, tempfile
from pathlib import Path
logging.basicConfig(level=logging.WARNING)
sys.path.insert(0, sys.argv[1])
import bundle_config as cfg
from matplotlib import cbook
fonts = Path(tempfile.mkdtemp())
real = cbook._get_data_path
for font in (real("fonts")).rglob("*.*"):
    rel = font.relative_to(real("fonts")).as_posix()
    if cfg.keep(f"matplotlib/mpl-data/fonts/{rel}"):
        (fonts / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(font, fonts / rel)
def only_kept(*args):
    path = real(*args)
    try:
        return fonts / path.relative_to(real("fonts"))
    except ValueError:
        return path
cbook._get_data_path = only_kept
import streamdesk
for info in pkgutil.walk_packages(streamdesk.__path__, "streamdesk."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
from PySide6.QtWidgets import QApplication
app = QApplication([])
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
figure = Figure()
FigureCanvasQTAgg(figure)
axes = figure.add_subplot()
axes.plot([1, 2, 3], [3, 1, 2], label="$x_1$ and $5")
axes.set_title("Plan $5 vs $10", fontweight="bold")
axes.legend()
for fmt in ("png", "pdf", "svg"):
    figure.savefig(io.BytesIO(), format=fmt)
from charset_normalizer import from_bytes
assert from_bytes("Café crème 1.250,50 €".encode("cp1252")).best() is not None
from babel.numbers import parse_decimal
parse_decimal("1.250,50", locale="de_DE", strict=True)
import matplotlib.font_manager
assert str(fonts) in matplotlib.font_manager.findfont("DejaVu Sans")
print(json.dumps([m for m in cfg.EXCLUDED_MODULES if m in sys.modules]))
"""

# excluded, yet imported where a fallback exists: hashlib uses Python's own hashes
OPTIONAL_LEFT_OUT = {"_hashlib"}


def test_nothing_left_out_of_the_bundle_is_reached(tmp_path: Path) -> None:
    import json

    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MPLCONFIGDIR": str(tmp_path),  # a font cache built from the kept fonts only
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", LEFT_OUT_PROBE, str(PACKAGING)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert bundle.noise(done.stderr) == [], done.stderr  # no "findfont: not found"
    imported = set(json.loads(done.stdout.splitlines()[-1]))
    assert imported <= OPTIONAL_LEFT_OUT


def test_the_platforms_a_desktop_needs_are_never_left_out() -> None:
    wanted = cfg.QT_PLUGINS["platforms"]
    assert wanted is not None
    assert {"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"} <= wanted


def test_debug_info_is_stripped_only_where_safe() -> None:
    assert cfg.strip_debug_info("linux")
    assert not cfg.strip_debug_info("windows") and not cfg.strip_debug_info("macos")
    assert cfg.strippable("libpython3.11.so.1.0")
    assert cfg.strippable("kiwisolver/_cext.cpython-311-x86_64-linux-gnu.so")
    assert not cfg.strippable("numpy.libs/libscipy_openblas64_.so")


def test_strip_takes_symbol_tables_the_module_still_imports(tmp_path: Path) -> None:
    """`strip --strip-unneeded` on a real extension module; vendored `.libs` are left alone."""
    import PIL

    if shutil.which("strip") is None:
        pytest.skip("strip is not installed (apt-get install binutils)")
    module = next(Path(PIL.__file__).parent.glob("_imagingmorph.*.so"))
    assert ".symtab" in cfg.elf_sections(module)
    internal = tmp_path / "streamdesk" / "_internal"
    (internal / "PIL").mkdir(parents=True)
    (internal / "pillow.libs").mkdir()
    shutil.copyfile(module, internal / "PIL" / module.name)
    shutil.copyfile(module, internal / "pillow.libs" / "libvendored.so")

    bundle.strip_debug_info(tmp_path / "streamdesk")

    stripped = internal / "PIL" / module.name
    assert not cfg.STRIPPED_SECTIONS & cfg.elf_sections(stripped)
    assert ".dynsym" in cfg.elf_sections(stripped)
    assert stripped.stat().st_size < module.stat().st_size
    assert (internal / "pillow.libs" / "libvendored.so").read_bytes() == module.read_bytes()
    load = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('PIL._imagingmorph', {str(stripped)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(callable(module.apply))\n"
    )
    done = subprocess.run([sys.executable, "-c", load], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "True", done.stderr


def test_the_hole_patchelf_left_in_pillows_libxau_is_closed(tmp_path: Path) -> None:
    """Pillow's vendored libXau: 2.1 MB of which 2 MiB are a hole; closed, it still loads."""
    import ctypes

    import PIL

    vendored = sorted((Path(PIL.__file__).parent.parent / "pillow.libs").glob("libXau-*.so*"))
    if not vendored:
        pytest.skip("no patchelf'ed libXau in this Pillow (Linux wheels vendor one)")
    library = tmp_path / vendored[0].name
    shutil.copyfile(vendored[0], library)
    saved = elf_gap.compact_file(library)
    assert saved >= 1_900_000 and library.stat().st_size < 200_000
    assert elf_gap.compact_file(library) == 0  # nothing left to close
    assert cfg.elf_needed(library) == cfg.elf_needed(vendored[0])
    loaded = ctypes.CDLL(str(library))
    loaded.XauFileName.restype = ctypes.c_char_p
    assert loaded.XauFileName().endswith(b".Xauthority")  # what libxcb asks it for


def test_libraries_without_a_hole_are_left_alone(tmp_path: Path) -> None:
    python = Path(sys.executable).resolve()
    assert elf_gap.compact(python.read_bytes()) is None
    text = tmp_path / "notes.txt"
    text.write_text("not a library\n", encoding="utf-8")
    assert elf_gap.compact_file(text) == 0
    assert text.read_text(encoding="utf-8") == "not a library\n"
    assert cfg.close_elf_holes("linux")
    assert not cfg.close_elf_holes("windows") and not cfg.close_elf_holes("macos")


def test_elf_sections_and_needed_libraries_are_read_from_real_files() -> None:
    program = Path(sys.executable).resolve()
    sections = cfg.elf_sections(program)
    assert ".text" in sections and ".dynamic" in sections
    assert "libc.so.6" in cfg.elf_needed(program)
    assert cfg.elf_sections(ROOT / "pyproject.toml") == set()
    assert cfg.elf_needed(ROOT / "pyproject.toml") == []


def test_the_spec_is_python_that_uses_the_config() -> None:
    source = (PACKAGING / "streamdesk.spec").read_text(encoding="utf-8")
    compile(source, "streamdesk.spec", "exec")
    # every module of the package, since some are imported by name
    assert 'hiddenimports=collect_submodules("streamdesk")' in source
    for used in ("cfg.keep", "cfg.executables", "cfg.icon_file", "cfg.info_plist"):
        assert used in source


def test_subcommands_are_read_from_the_help_text() -> None:
    from streamdesk.cli import SUBCOMMANDS, gui_parser

    listed = bundle.subcommands(gui_parser().format_help())
    assert listed == list(SUBCOMMANDS)
    assert bundle.subcommands("usage: something else") == []


def test_only_the_offscreen_remark_is_tolerated_on_stderr() -> None:
    said = "This plugin does not support propagateSizeHints()\nqt.qpa.fonts: no fonts\n"
    assert bundle.noise(said) == ["qt.qpa.fonts: no fonts"]
    assert bundle.noise(said.splitlines()[0]) == []


def test_quit_after_is_a_hidden_option_of_the_window() -> None:
    from streamdesk.cli import gui_parser

    args = gui_parser().parse_args(["--quit-after", "2.5", "plan.streamdesk"])
    assert args.quit_after == 2.5 and args.plan == "plan.streamdesk"
    assert gui_parser().parse_args([]).quit_after is None
    assert "quit-after" not in gui_parser().format_help()


def test_the_window_closes_itself_after_quit_after(qapp, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from streamdesk.domain import Plan
    from streamdesk.gui import app as gui_app
    from streamdesk.storage import create_plan

    plan = tmp_path / "p.streamdesk"

    create_plan(plan, Plan(name="Quit")).close()
    shown = []
    real_show = gui_app.MainWindow.show

    def show(window: gui_app.MainWindow) -> None:
        shown.append(window)
        real_show(window)

    monkeypatch.setattr(gui_app.MainWindow, "show", show)
    monkeypatch.setattr(gui_app, "configure_application", lambda app: None)
    assert gui_app.run_gui(plan, quit_after=0.05) == 0
    assert len(shown) == 1 and not shown[0].isVisible()
    assert QApplication.instance() is qapp
    shown[0].deleteLater()


# -- icons ------------------------------------------------------------------------------


def test_icons_are_rendered_from_the_svg(qapp, tmp_path: Path) -> None:
    from PIL import Image

    written = bundle.render_icons(out=tmp_path)
    for size in cfg.ICON_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "streamdesk.png"
        assert png in written
        with Image.open(png) as image:
            assert image.size == (size, size)
            assert image.getpixel((size // 2, size // 2))[3] == 255  # drawn, not blank
            assert image.getpixel((0, 0))[3] == 0  # the rounded corner is transparent
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "streamdesk.svg").read_bytes() == (
        resources.resource(resources.ICON).read_bytes()
    )
    with Image.open(tmp_path / "streamdesk.ico") as ico:
        assert {(s, s) for s in cfg.ICO_SIZES} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "streamdesk.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]
    assert not (tmp_path / "hicolor" / "1024x1024").exists()


# -- desktop integration files ------------------------------------------------------------


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_metainfo_mime_and_plist_agree() -> None:
    entry = desktop_entry(DESKTOP)
    assert entry["MimeType"].rstrip(";") == cfg.MIME_TYPE
    assert entry["Icon"] == "streamdesk"
    assert "%f" in entry["Exec"]
    mime = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    assert mime is not None and mime.get("type") == cfg.MIME_TYPE
    globs = [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")]
    assert globs == [f"*.{cfg.EXTENSION}"]
    icon = mime.find(f"{MIME_NS}icon")
    assert icon is not None and icon.get("name") == entry["Icon"]
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == cfg.APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    assert [m.text for m in meta.iter("mediatype")] == [cfg.MIME_TYPE]
    release = meta.find("releases/release")
    assert release is not None and release.get("version") == streamdesk.__version__


def needs_tool(name: str) -> None:
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed (apt-get install desktop-file-utils / appstream)")


def test_desktop_file_validates() -> None:
    needs_tool("desktop-file-validate")
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_validates() -> None:
    needs_tool("appstreamcli")
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- install.sh and uninstall.sh in a temporary home ---------------------------------------

FAKE_PROGRAM = """#!/bin/sh
echo "streamdesk {version}"
"""


@pytest.fixture
def stage(qapp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unpacked Linux tarball, with a stand-in for the (slow to build) bundle."""
    work = tmp_path_factory.mktemp("stage")
    fake = work / "bundle"
    (fake / "_internal" / "PySide6").mkdir(parents=True)
    (fake / "_internal" / "PySide6" / "libQt6Core.so.6").write_bytes(b"\0" * 64)
    program = fake / "streamdesk"
    program.write_text(FAKE_PROGRAM.format(version=streamdesk.__version__), encoding="utf-8")
    program.chmod(0o755)
    icons = work / "icons"
    bundle.render_icons(out=icons)
    return bundle.stage_linux(fake, icons, work / "out", streamdesk.__version__)


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
    }


def run_script(script: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.pop("PREFIX", None)
    env["HOME"] = str(home)
    return subprocess.run(
        ["sh", str(script)],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def installed(home: Path) -> Path:
    return home / ".local" / "lib" / "streamdesk"


def test_install_puts_everything_under_local_and_uninstall_removes_exactly_it(
    stage: Path, tmp_path: Path
) -> None:
    home = tmp_path / "my home"  # a space in the path, quoted all the way to the menu entry
    home.mkdir()
    (home / "plans").mkdir()
    (home / "plans" / "client.streamdesk").write_bytes(b"the user's plan")
    before = snapshot(home)

    done = run_script(stage / "install.sh", home)
    assert done.returncode == 0, done.stderr
    share = home / ".local" / "share"
    command = home / ".local" / "bin" / "streamdesk"
    assert command.is_symlink() and command.resolve() == installed(home) / "streamdesk"
    version = subprocess.run([str(command)], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"streamdesk {streamdesk.__version__}"
    entry = desktop_entry(share / "applications" / "streamdesk.desktop")
    assert entry["Exec"] == f'"{installed(home) / "streamdesk"}" %f'
    assert entry["MimeType"] == f"{cfg.MIME_TYPE};"
    icons = share / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "streamdesk.svg").is_file()
    for size in cfg.ICON_SIZES:
        assert (icons / f"{size}x{size}" / "apps" / "streamdesk.png").is_file()
    assert (share / "metainfo" / f"{cfg.APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{cfg.APP_ID}.xml").read_bytes() == MIME.read_bytes()
    if shutil.which("update-mime-database"):
        globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
        assert f"{cfg.MIME_TYPE}:*.{cfg.EXTENSION}" in globs
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(share / "applications" / "streamdesk.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout

    done = run_script(installed(home) / "uninstall.sh", home)
    assert done.returncode == 0, done.stderr
    assert snapshot(home) == before


def test_uninstall_leaves_other_applications_and_their_caches(stage: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    share = home / ".local" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=other %f\nMimeType=text/x-other;\n",
        encoding="utf-8",
    )
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "mime" / "packages" / "other.xml").write_text(
        '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/'
        'shared-mime-info">\n  <mime-type type="text/x-other">\n'
        '    <glob pattern="*.other"/>\n  </mime-type>\n</mime-info>\n',
        encoding="utf-8",
    )
    (share / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
    (share / "icons" / "hicolor" / "48x48" / "apps" / "other.png").write_bytes(b"png")
    (home / ".local" / "bin").mkdir()
    (home / ".local" / "bin" / "other").write_text("#!/bin/sh\n", encoding="utf-8")
    before = set(snapshot(home))
    others = {k: v for k, v in snapshot(home).items() if v is not None}

    assert run_script(stage / "install.sh", home).returncode == 0
    # installing again updates in place (the old one is removed first), nothing doubles
    again = run_script(stage / "install.sh", home)
    assert again.returncode == 0, again.stderr
    manifest = (installed(home) / "install-manifest").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == len(set(manifest))
    assert run_script(installed(home) / "uninstall.sh", home).returncode == 0

    after = snapshot(home)
    assert {k: after[k] for k in others} == others  # the other app's files are untouched
    left = set(after) - before
    if shutil.which("update-mime-database"):
        # the shared MIME database is rebuilt for the other application, without ours
        assert f"*.{cfg.EXTENSION}" not in (share / "mime" / "globs2").read_text()
        left = {p for p in left if not p.startswith(".local/share/mime/")}
    if shutil.which("update-desktop-database"):
        left -= {".local/share/applications/mimeinfo.cache"}
    assert left == set()
    assert not installed(home).exists()


def test_uninstall_without_an_install_says_so(tmp_path: Path) -> None:
    done = run_script(PACKAGING / "linux" / "uninstall.sh", tmp_path)
    assert done.returncode == 1
    assert "not installed" in done.stderr


def test_install_refuses_to_run_outside_the_package(tmp_path: Path) -> None:
    done = run_script(PACKAGING / "linux" / "install.sh", tmp_path)
    assert done.returncode == 1
    assert "unpacked StreamDesk folder" in done.stderr
    assert not (tmp_path / ".local").exists()


def test_the_windows_zip_holds_what_install_ps1_expects(tmp_path: Path) -> None:
    fake = tmp_path / "bundle"
    fake.mkdir()
    for program in cfg.executables("windows"):
        (fake / f"{program.name}.exe").write_bytes(b"MZ")
    stage = bundle.stage_windows(fake, tmp_path / "out", "1.2.3")
    assert stage.name.startswith("streamdesk-1.2.3-windows-")
    assert (stage / "StreamDesk" / "StreamDesk.exe").is_file()  # what install.ps1 checks
    assert (stage / "StreamDesk" / "streamdesk-cli.exe").is_file()
    assert (stage / "VERSION").read_text(encoding="utf-8").strip() == "1.2.3"
    install = (stage / "install.ps1").read_text(encoding="utf-8")
    uninstall = (stage / "uninstall.ps1").read_text(encoding="utf-8")
    assert "Join-Path $here 'StreamDesk'" in install and "'StreamDesk.exe'" in install
    # every registry key install.ps1 writes, uninstall.ps1 removes
    for key in ("StreamDesk.Plan", ".streamdesk", "CurrentVersion\\Uninstall\\StreamDesk"):
        assert key in install and key in uninstall
    assert "StreamDesk.lnk" in install and "StreamDesk.lnk" in uninstall


# -- the wheel ----------------------------------------------------------------------------


WHEEL_CHECK = """
import sys
from pathlib import Path
import streamdesk
from streamdesk import resources
from PySide6.QtWidgets import QApplication
from streamdesk.gui.app import app_icon
here = Path(streamdesk.__file__).resolve()
assert Path(sys.prefix).resolve() in here.parents, here
assert resources.resource(resources.ICON).read_bytes().lstrip().startswith(b"<svg")
app = QApplication([])
assert not app_icon().isNull() and not app_icon().pixmap(32, 32).isNull()
print("wheel ok", here)
"""


def test_pip_install_gives_a_working_streamdesk_with_its_icon(tmp_path: Path) -> None:
    """`pip install .` into a clean venv: the command, the package data, the icon."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    source = tmp_path / "source"  # a copy: the build must not write into the checkout
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "."],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    version = subprocess.run(
        [str(venv / "bin" / "streamdesk"), "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == f"streamdesk {streamdesk.__version__}"
    check = subprocess.run(
        [str(python), "-c", WHEEL_CHECK],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("wheel ok")
