"""The ``streamdesk`` entry point: the GUI by default, sub-commands for scripts.

Each sub-command lives in ``streamdesk.commands.<name>`` with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; heavy imports stay inside
``run`` so that ``streamdesk --version`` and the GUI start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from streamdesk import __version__

SUBCOMMANDS: dict[str, str] = {
    "demo": "streamdesk.commands.demo",
    "balance": "streamdesk.commands.balance",
    "export": "streamdesk.commands.export",
    "import": "streamdesk.commands.import_",
    "report": "streamdesk.commands.report",
    "salvage": "streamdesk.commands.salvage",
    "plans": "streamdesk.commands.plans",
    "new": "streamdesk.commands.new",
    "portfolio": "streamdesk.commands.portfolio",
}


class CliError(Exception):
    """A failure to report as one line on stderr with exit status 1."""


USAGE_STATUS = 2
"""The exit status of a usage error (argparse's convention); every other failure is 1."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line: what is wrong and where to look.

    argparse prints the whole usage before the error; in a script's log that buries the
    one line that matters. The status stays argparse's 2, so a script can tell a wrong
    command line (2) from a command that failed (1).
    """

    def error(self, message: str) -> NoReturn:
        usage_error(self.prog, message)


def usage_error(prog: str, message: str) -> NoReturn:
    print(f"{prog}: error: {message} (see {prog} --help)", file=sys.stderr)
    raise SystemExit(USAGE_STATUS)


def _available() -> dict[str, ModuleType]:
    modules: dict[str, ModuleType] = {}
    for name, module_name in SUBCOMMANDS.items():
        try:
            modules[name] = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return modules


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    modules = _available()
    parser = Parser(
        prog="streamdesk",
        description="Plan upstream strategy and downstream content, offline.",
        epilog="Run without a command to open the planner window.",
    )
    parser.add_argument("--version", action="version", version=f"streamdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in modules.items():
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
    return parser, modules


def gui_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="streamdesk",
        description="Plan upstream strategy and downstream content, offline. "
        f"Commands: {', '.join(SUBCOMMANDS)} (streamdesk COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"streamdesk {__version__}")
    parser.add_argument(
        "plan", nargs="?", help="the plan file to open (default: your default plan)"
    )
    # for the bundle's smoke test: open the window, then close it as a user would
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            parser, modules = build_parser()
            args, extra = parser.parse_known_args(args_list)
            if extra:  # name the sub-command whose arguments they are not
                usage_error(
                    f"streamdesk {args.command}", f"unrecognized arguments: {' '.join(extra)}"
                )
            return int(modules[args.command].run(args) or 0)
        if len(args_list) <= 1 and not any(a.startswith("-") for a in args_list):
            # `streamdesk [PLAN]`, what a desktop launcher runs: building the parser to read
            # it cost the first frame ~3 ms; options (help, version) still go through it
            plan, quit_after = (args_list[0] if args_list else None), None
        else:
            args = gui_parser().parse_args(args_list)
            plan, quit_after = args.plan, args.quit_after
        from streamdesk.gui import collection

        collection.pause()  # the GUI's imports too (resumed once the window is built)
        try:
            from streamdesk.gui.app import run_gui

            return run_gui(plan, quit_after=quit_after)
        finally:
            collection.resume()
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        return report(error)


def report(error: BaseException) -> int:
    from streamdesk.domain import ValidationError
    from streamdesk.storage import StorageError

    if isinstance(error, (CliError, StorageError, ValidationError)):
        message = str(error)
    elif isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        message = f"{error.strerror or error}{where}"
    else:
        message = f"unexpected {type(error).__name__}: {error}"
    print(f"streamdesk: error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
