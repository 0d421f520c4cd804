"""thermocraft: solve or validate a ThermoCraft model file from the command line.

Exit codes: 0 success, 2 invalid model (one line per problem on stderr), 3 the solve failed
(no convergence, geometry that cannot be meshed, a limit reached), 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from contextlib import contextmanager
from pathlib import Path


class ProgressBar:
    """A one-line progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, stream=sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self.last = -1

    def __call__(self, fraction: float, message: str) -> None:
        pct = int(100 * fraction)
        if self.tty:
            filled = int(self.width * fraction)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {pct:3d}% {message[:40]:<40}")
            if fraction >= 1.0:
                self.stream.write("\n")
        elif pct // 10 != self.last // 10 or fraction >= 1.0:
            self.stream.write(f"{pct:3d}% {message}\n")
        self.last = pct
        self.stream.flush()


def _load(path: str):
    from solver.model import load_model

    return load_model(path)


def printable(text: object) -> str:
    """``text`` safe to write to any stream: lone surrogates and undecodable file-name bytes
    are shown as escapes instead of raising UnicodeEncodeError."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _report(problems, stream=None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        stream.write(printable(f"error: {p}") + "\n")


def cmd_validate(args: argparse.Namespace) -> int:
    from solver.model import ModelError, validate

    try:
        model = _load(args.model)
    except ModelError as exc:
        _report(exc.problems)
        return 2
    problems = validate(model, Path(args.model).resolve().parent)
    if problems:
        _report(problems)
        return 2
    print(printable(f"{args.model}: valid ({len(model.bodies)} bodies, "
                    f"{len(model.conditions)} conditions)"))
    return 0


def cmd_solve(args: argparse.Namespace) -> int:
    from solver.jit_cache import compile_in_background

    compile_in_background()  # cold cache: the multigrid child starts before our imports
    from solver.api import solve
    from solver.errors import ThermoCraftError
    from solver.model import ModelError
    from solver.output import write_results
    from solver.summary_text import format_summary

    started = time.perf_counter()
    try:
        model = _load(args.model)
        result = solve(model, Path(args.model).resolve().parent,
                       progress=None if args.quiet else ProgressBar())
    except ModelError as exc:
        _report(exc.problems)
        return 2
    except ThermoCraftError as exc:
        sys.stderr.write(printable(f"error: {exc}") + "\n")
        return 3
    result.summary["process_time_s"] = time.perf_counter() - started
    paths = write_results(result, args.output)
    if args.report:
        from solver.report import write_report

        paths.update(write_report(args.output))
    if not args.quiet:
        print(format_summary(result.summary))
    print(printable(f"results: {', '.join(str(p) for p in paths.values())}"))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from solver.report import write_report

    try:
        paths = write_report(args.results, args.output)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        sys.stderr.write(f"error: cannot report: {exc}\n")
        return 2
    print(f"report: {paths['html']}, {paths['pdf']}")
    return 0


_EPILOG = ("exit status: 0 success, 2 invalid model (one error line per problem), 3 the solve "
           "failed, 130 interrupted. The model format is described in docs/model-format.md.")


def build_parser() -> argparse.ArgumentParser:
    from solver import __version__
    from solver.model import SCHEMA_VERSION

    parser = argparse.ArgumentParser(
        prog="thermocraft", epilog=_EPILOG,
        description="Solve or validate a ThermoCraft thermal model (a JSON file).")
    parser.add_argument("--version", action="version",
                        version=f"thermocraft {__version__} (model schema {SCHEMA_VERSION})",
                        help="print the version and the model schema it reads, then exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title="commands")
    p = sub.add_parser("solve", epilog=_EPILOG,
                       help="solve a model and write summary.json, result.npz and a VTK file",
                       description="Solve a model; print a report and write the results.")
    p.add_argument("model", help="the model JSON file")
    p.add_argument("-o", "--output", default="out",
                   help="folder for summary.json, result.npz, temperature.vtk (default: out)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar and no report, only the result paths")
    p.add_argument("--report", action="store_true",
                   help="also write report.html and report.pdf into the output folder")
    p.set_defaults(func=cmd_solve)
    r = sub.add_parser("report", epilog=_EPILOG,
                       help="write report.html and report.pdf of a solved results folder",
                       description="Write a self-contained HTML report and a PDF of a "
                                   "folder written by 'thermocraft solve'.")
    r.add_argument("results", help="results folder written by 'thermocraft solve'")
    r.add_argument("-o", "--output", default=None,
                   help="folder for the report files (default: the results folder)")
    r.set_defaults(func=cmd_report)
    v = sub.add_parser("validate", epilog=_EPILOG,
                       help="list every problem of a model without solving it",
                       description="Check a model and list every problem with its path.")
    v.add_argument("model", help="the model JSON file")
    v.set_defaults(func=cmd_validate)
    from solver.library.commands import add_parser

    add_parser(sub)
    return parser


@contextmanager
def _log_notes_to_stderr():
    """Show the solver's log (fallbacks, slow paths) as ``note:`` lines on stderr while a
    command runs. Removed afterwards: an in-process caller (a test capturing stderr, a
    server) keeps no handler bound to a stream that is closed later (``--- Logging
    error --- ValueError: I/O operation on closed file``) nor the INFO level."""
    logger = logging.getLogger("thermocraft")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("note: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with _log_notes_to_stderr():
            return args.func(args)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
