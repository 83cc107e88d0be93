"""Build, smoke-test and package the StreamDesk bundle: the steps of `make bundle`.

    python packaging/bundle.py build     icons from the SVG, then PyInstaller
    python packaging/bundle.py smoke     run the bundle (not the source tree) end to end
    python packaging/bundle.py package   the download for this platform, in dist/
    python packaging/bundle.py sizes     what the bundle's size is made of

The release workflow runs the same steps on Windows and macOS, where there is no make.
Only the standard library is imported at the top: `icons` needs PySide6 and Pillow (both
in the environment StreamDesk is installed in), the rest only runs programs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform as platform_module
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_config as cfg  # noqa: E402

BUILD = ROOT / "build"
DIST = ROOT / "dist"
ICONS = BUILD / "icons"
SVG = ROOT / "streamdesk" / "resources" / "streamdesk.svg"
PLATFORM = cfg.platform_key(sys.platform)


class SmokeError(Exception):
    """A bundle that does not do what the user would ask of it."""


def read_version(root: Path = ROOT) -> str:
    return cfg.read_version(root)


# -- icons ------------------------------------------------------------------------------


def render_icons(svg: Path = SVG, out: Path = ICONS) -> list[Path]:
    """PNG sizes, .ico and .icns from the one SVG, so that no binary icon is kept in git."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for size in sorted({*cfg.ICON_SIZES, 1024}):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / "hicolor" / f"{size}x{size}" / "apps" / "streamdesk.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):  # PNG, from the name
            raise SystemExit(f"could not write {target}")
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / "streamdesk.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    big = Image.open(out / "hicolor" / "1024x1024" / "apps" / "streamdesk.png")
    big.save(out / "streamdesk.ico", sizes=[(s, s) for s in cfg.ICO_SIZES])
    big.save(out / "streamdesk.icns")
    shutil.rmtree(out / "hicolor" / "1024x1024")  # only the source of .icns's retina size
    return [*written[:-1], scalable, out / "streamdesk.ico", out / "streamdesk.icns"]


# -- build ------------------------------------------------------------------------------


def build() -> Path:
    started = time.monotonic()
    render_icons()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
            str(HERE / "streamdesk.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = bundle_dir()
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    if dangling:
        raise SystemExit(f"the bundle has links to files left out: {dangling[:5]}")
    if cfg.slim_icu(PLATFORM):
        slim_icu_data(bundle)
    if cfg.strip_debug_info(PLATFORM):
        strip_debug_info(bundle)
    if cfg.close_elf_holes(PLATFORM):
        close_elf_holes(bundle)
    print(
        f"Bundle: {bundle} ({disk_usage(bundle) / 1e6:.0f} MB), "
        f"built in {time.monotonic() - started:.0f} s"
    )
    return bundle


def strip_debug_info(bundle: Path) -> None:
    """`strip --strip-unneeded` the libraries with debug info or a symbol table.

    A shared library needs its dynamic symbols (.dynsym, which strip keeps) only: the full
    symbol table is for debuggers, like the debug info (bundle_config.strip_debug_info).
    """
    strip = shutil.which("strip")
    if strip is None:
        print("Note: no `strip` (binutils); the bundle keeps ~40 MB of debug info and symbols")
        return
    targets = [
        path
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
        and not path.is_symlink()
        and cfg.strippable(path.relative_to(bundle).as_posix())
        and cfg.STRIPPED_SECTIONS & cfg.elf_sections(path)
    ]
    before = sum(p.stat().st_size for p in targets)
    for chunk in range(0, len(targets), 50):
        subprocess.run(
            [strip, "--strip-unneeded", *map(str, targets[chunk : chunk + 50])], check=True
        )
    after = sum(p.stat().st_size for p in targets)
    saved = (before - after) / 1e6
    print(f"Stripped debug info and symbol tables from {len(targets)} files: {saved:.0f} MB less")


def slim_icu_data(bundle: Path) -> None:
    """Qt's ICU data library keeps only what Qt asks ICU for (bundle_config.ICU_KEPT)."""
    import icu_data

    for library in sorted(bundle.rglob("libicudata.so*")):
        if library.is_symlink() or not library.is_file():
            continue
        try:
            before, after = icu_data.slim_library(library, cfg.keep_icu_item)
        except icu_data.IcuDataError as error:
            print(f"Note: ICU's data library is left whole ({error})")
            continue
        print(f"ICU data: {library.name} {before / 1e6:.0f} MB -> {after / 1e6:.1f} MB")


def close_elf_holes(bundle: Path) -> None:
    """Libraries patchelf left a hole in (elf_gap.py) are written without it."""
    import elf_gap

    saved = 0
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            saved += elf_gap.compact_file(path)
    if saved:
        print(f"Closed the holes patchelf left in vendored libraries: {saved / 1e6:.0f} MB less")


def bundle_dir(dist: Path = DIST) -> Path:
    return dist / f"{cfg.APP_NAME}.app" if PLATFORM == "macos" else dist / cfg.BUNDLE_NAME


def disk_usage(path: Path) -> int:
    """Bytes on disk, the way `du` counts them (symlinks as links, not their targets)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir() or p.is_symlink())


def size_report(bundle: Path, top: int = 15) -> list[tuple[str, int]]:
    """The largest parts of the bundle, by the folder or file they sit in."""
    parts: dict[str, int] = {}
    base = next((p for p in (bundle / "_internal", bundle / "Contents") if p.is_dir()), bundle)
    for path in base.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(base).parts
            key = "/".join(rel[:3] if rel[0] == "PySide6" and len(rel) > 3 else rel[:1])
            parts[key] = parts.get(key, 0) + path.stat().st_size
    return sorted(parts.items(), key=lambda kv: -kv[1])[:top]


# -- smoke test -------------------------------------------------------------------------


def smoke_env(home: Path) -> dict[str, str]:
    """A clean environment: nothing from this checkout or venv can leak into the bundle."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(runtime),
        MPLCONFIGDIR=str(home / "mpl"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_bundle(
    exe: Path, args: Sequence[str], env: dict[str, str], cwd: Path, timeout: float = 180
) -> str:
    """Run the bundled program; any failure or any output on stderr fails the smoke test."""
    shown = " ".join(["streamdesk", *args])
    started = time.monotonic()
    try:
        done = subprocess.run(
            [str(exe), *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise SmokeError(f"{shown}: still running after {timeout:.0f} s") from None
    if done.returncode != 0:
        raise SmokeError(f"{shown}: exit status {done.returncode}\n{done.stderr}{done.stdout}")
    if noise(done.stderr):
        raise SmokeError(f"{shown}: wrote to stderr:\n{done.stderr}")
    print(f"  ok  {shown}  ({time.monotonic() - started:.1f} s)")
    return done.stdout


# What Qt's offscreen platform says that a desktop never shows; the test suite ignores
# the same line (qt_log_ignore in pyproject.toml).
OFFSCREEN_NOISE = ["This plugin does not support propagateSizeHints()"]


def noise(stderr: str) -> list[str]:
    """The lines of stderr that are not the offscreen platform's known remarks."""
    return [line for line in stderr.splitlines() if line.strip() and line not in OFFSCREEN_NOISE]


def subcommands(help_text: str) -> list[str]:
    """The sub-commands `streamdesk --help` lists ("Commands: demo, balance, … (streamdesk")."""
    flat = " ".join(help_text.split())
    match = re.search(r"Commands: (.*?) \(streamdesk COMMAND", flat)
    return [c.strip() for c in match.group(1).split(",")] if match else []


def smoke(exe: Path, seconds: float = 3.0) -> None:
    """Everything a user does first, done by the bundled program in a clean environment."""
    if not exe.is_file():
        raise SmokeError(f"{exe}: no such program; run `python packaging/bundle.py build`")
    print(f"Smoke-testing {exe}")
    with tempfile.TemporaryDirectory(prefix="streamdesk-smoke-") as tmp:
        work = Path(tmp)
        env = smoke_env(work)

        def run(*args: str, timeout: float = 180) -> str:
            return run_bundle(exe, args, env, work, timeout)

        version = run("--version").strip()
        if version != f"streamdesk {read_version()}":
            raise SmokeError(f"--version says {version!r}, the source is {read_version()}")
        plan = work / "demo.streamdesk"
        run("demo", str(plan))
        periods = json.loads(run("balance", str(plan), "--json"))
        if not isinstance(periods, list) or not periods:
            raise SmokeError(f"balance --json gave no periods: {periods!r}")
        outputs = {ext: work / f"export.{ext}" for ext in ("xlsx", "csv", "ics")}
        for path in outputs.values():
            run("export", str(plan), str(path))
        check_exports(outputs)
        copy = work / "copy.streamdesk"
        run("demo", str(copy))
        run("import", str(plan), str(outputs["xlsx"]))  # its own workbook: by ID
        run("import", str(plan), str(outputs["csv"]), "--dry-run")
        run("import", str(copy), str(outputs["xlsx"]), "--as-new")  # another plan's
        check_amounts(run, work, copy)
        if "report" in subcommands(run("--help")):
            pdf = work / "report.pdf"
            run("report", str(plan), str(pdf))
            if not pdf.read_bytes().startswith(b"%PDF"):
                raise SmokeError(f"report wrote no PDF: {pdf}")
        run("--quit-after", str(seconds), str(plan), timeout=120)
    print("Smoke test passed.")


# Amounts as people write them, parsed with Babel's locale data for a decimal comma and a
# decimal point: the bundle keeps only those locales (bundle_config.BABEL_LOCALES). The
# first file is in Windows-1252, as Excel saves "CSV" in Western Europe: charset-normalizer
# and Python's code pages must be in the bundle to read "Café" and "€".
AMOUNTS = {
    "amounts-comma.csv": (
        "Date;Channel;Title;Cost\n2027-02-01;PPC;Smoke Café crème;1.250,50 €\n",
        "cp1252",
        "Smoke Café crème",
        "1250.5",
    ),
    "amounts-point.csv": (
        'Date,Channel,Title,Cost\n2027-01-11,PPC,Smoke dollar,"$1,500"\n',
        "utf-8",
        "Smoke dollar",
        "1500",
    ),
}


def check_amounts(run: Callable[..., str], work: Path, plan: Path) -> None:
    """Import `1.250,50 €` and `$1,500`, then find them in the plan's CSV export."""
    for name, (text, encoding, _, _) in AMOUNTS.items():
        (work / name).write_bytes(text.encode(encoding))
        run("import", str(plan), str(work / name))
    exported = work / "amounts-export.csv"
    run("export", str(plan), str(exported))
    with exported.open(encoding="utf-8-sig", newline="") as f:
        costs = {row["Title"]: row["Cost"] for row in csv.DictReader(f)}
    for name, (_, _, title, cost) in AMOUNTS.items():
        if costs.get(title) != cost:
            raise SmokeError(f"{name}: no item {title!r} with cost {cost} after the import")


def check_exports(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["xlsx"]) as book:
        if "xl/workbook.xml" not in book.namelist():
            raise SmokeError(f"{outputs['xlsx']}: not an Excel workbook")
    csv = outputs["csv"].read_bytes()
    if not csv.startswith(b"\xef\xbb\xbf") or csv.count(b"\n") < 2:
        raise SmokeError(f"{outputs['csv']}: not a CSV table with rows")
    if not outputs["ics"].read_bytes().startswith(b"BEGIN:VCALENDAR"):
        raise SmokeError(f"{outputs['ics']}: not an iCalendar file")


# -- packages ---------------------------------------------------------------------------


def package_name(version: str, platform: str = PLATFORM) -> str:
    machine = platform_module.machine() or "unknown"
    arch = {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "arm64", "aarch64": "arm64"}.get(
        machine.lower(), machine.lower()
    )
    system = {"linux": "linux", "windows": "windows", "macos": "macos"}[platform]
    return f"streamdesk-{version}-{system}-{arch}"


def stage_linux(bundle: Path, icons: Path, out: Path, version: str) -> Path:
    """The folder the Linux tarball holds: the bundle, install.sh, uninstall.sh, share/."""
    stage = out / package_name(version, "linux")
    if stage.exists():
        shutil.rmtree(stage)
    share = stage / "share"
    shutil.copytree(bundle, stage / cfg.BUNDLE_NAME, symlinks=True)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(HERE / "linux" / script, stage / script)
        (stage / script).chmod(0o755)
    for name, folder in (
        ("streamdesk.desktop", "applications"),
        (f"{cfg.APP_ID}.metainfo.xml", "metainfo"),
        (f"{cfg.APP_ID}.mime.xml", "mime/packages"),
    ):
        (share / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(HERE / name, share / folder / name.replace(".mime.xml", ".xml"))
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor")
    (stage / "VERSION").write_text(version + "\n", encoding="utf-8")
    return stage


def stage_windows(bundle: Path, out: Path, version: str) -> Path:
    """The folder the Windows zip holds: StreamDesk/ (the bundle), install.ps1, uninstall.ps1."""
    stage = out / package_name(version, "windows")
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(bundle, stage / cfg.APP_NAME)
    for script in ("install.ps1", "uninstall.ps1"):
        shutil.copy2(HERE / "windows" / script, stage / script)
    (stage / "VERSION").write_text(version + "\n", encoding="utf-8")
    return stage


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def check_linux_install(stage: Path) -> None:
    """install.sh into an empty home, the installed command runs, uninstall.sh leaves it empty."""
    with tempfile.TemporaryDirectory(prefix="streamdesk-home-") as tmp:
        home = Path(tmp)
        scratch = home / "run"  # the smoke environment's own folders, not the install's
        scratch.mkdir()
        env = {**smoke_env(scratch), "HOME": str(home)}
        env.pop("XDG_DATA_HOME")
        subprocess.run(["sh", str(stage / "install.sh")], env=env, check=True, cwd=home)
        command = home / ".local" / "bin" / "streamdesk"
        version = run_bundle(command, ["--version"], env, home)
        if version.strip() != f"streamdesk {read_version()}":
            raise SmokeError(f"the installed streamdesk says {version!r}")
        uninstall = home / ".local" / "lib" / "streamdesk" / "uninstall.sh"
        subprocess.run(["sh", str(uninstall)], env=env, check=True, cwd=home)
        left = {p for p in tree(home) if p != "run" and not p.startswith("run/")}
        if left:
            raise SmokeError(f"uninstall.sh left {sorted(left)[:5]}")
    print("  ok  install.sh and uninstall.sh in an empty home")


def package() -> Path:
    version = read_version()
    bundle = bundle_dir()
    if not bundle.exists():
        raise SystemExit(f"{bundle}: build the bundle first (make bundle)")
    if PLATFORM == "linux":
        stage = stage_linux(bundle, ICONS, BUILD / "package", version)
        archive = DIST / f"{stage.name}.tar.gz"
        check_linux_install(stage)
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(stage, arcname=stage.name)
    elif PLATFORM == "macos":
        archive = DIST / f"{package_name(version)}.zip"
        # ditto keeps the .app's symlinks and signature, which zipfile would break
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(bundle), str(archive)], check=True)
    else:
        stage = stage_windows(bundle, BUILD / "package", version)
        archive = DIST / f"{stage.name}.zip"
        shutil.make_archive(str(archive.with_suffix("")), "zip", stage.parent, stage.name)
    print(f"Package: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    return archive


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("icons", "build", "smoke", "package", "sizes"))
    args = parser.parse_args(argv)
    if args.step == "icons":
        for path in render_icons():
            print(path.relative_to(ROOT))
    elif args.step == "build":
        build()
    elif args.step == "smoke":
        try:
            smoke(cfg.smoke_executable(PLATFORM, DIST))
        except SmokeError as error:
            print(f"Smoke test FAILED: {error}", file=sys.stderr)
            return 1
    elif args.step == "package":
        package()
    else:
        bundle = bundle_dir()
        print(f"{bundle}: {disk_usage(bundle) / 1e6:.0f} MB")
        for name, size in size_report(bundle):
            print(f"  {size / 1e6:6.1f} MB  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
