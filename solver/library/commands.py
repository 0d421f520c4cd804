"""``thermocraft library list|search|show|embed|sync|login|logout``: the library from the
command line."""

from __future__ import annotations

import argparse
import json
import sys

from solver.library.schema import KINDS
from solver.library.store import PREFIX, LibraryItem, default_library, set_default_library


def _line(item: LibraryItem) -> str:
    name = item.data.get("name") or item.data.get("family") or ""
    return f"{PREFIX}{item.id:<40} {item.kind:<10} {name}"


def cmd_list(args: argparse.Namespace) -> int:
    library = default_library()
    for p in library.problems:
        sys.stderr.write(f"error: {p}\n")
    for item in sorted(library.items.values(), key=lambda i: (i.kind, i.id)):
        if args.kind in (None, item.kind):
            print(_line(item))
    return 2 if library.problems else 0


def cmd_search(args: argparse.Namespace) -> int:
    found = default_library().search(" ".join(args.words), args.kind)
    for item in found:
        print(_line(item))
    return 0 if found else 1


def cmd_show(args: argparse.Namespace) -> int:
    library = default_library()
    item = library.get(args.id)
    if item is None:
        sys.stderr.write(f"error: {library.unknown(args.id)}\n")
        return 2
    print(f"{PREFIX}{item.id} ({item.kind}, {item.origin})")
    for key, value in item.data.items():
        if key not in ("id", "source"):
            print(f"  {key}: {json.dumps(value)}")
    print(f"  source: {item.source}")
    if item.kind == "package":
        print(f"  as a component part: {_part_use(item)}")
    return 0


def _part_use(item: LibraryItem) -> str:
    """What a component naming the package item as its ``part`` must add, per compact
    model (the two-resistor one, also the detailed model's needs, and the pad model)."""
    from solver.library.parts import item_figures, missing_figures

    uses = []
    for model in ("two_resistor", "pad"):
        lacks = missing_figures(item, model=model)
        uses.append(f"model {model}: " + (
            f"needs package_overrides {', '.join(lacks)} from the device's datasheet"
            if lacks else "complete (resolves alone)"))
    return "; ".join(uses) + ("" if "tj_max" in item_figures(item)
                              else "; no Tj max (status unknown)")


def cmd_embed(args: argparse.Namespace) -> int:
    from solver.library.references import embed_library_items
    from solver.model import ModelError, load_model, save_model

    try:
        model = load_model(args.model)
    except ModelError as exc:
        for p in exc.problems:
            sys.stderr.write(f"error: {p}\n")
        return 2
    save_model(embed_library_items(model), args.output)
    print(f"{args.output}: the model with its library items embedded")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from solver.library.credentials import saved_token
    from solver.library.sync import SyncError, sync

    try:
        result = sync(args.server, args.token or saved_token(), args.cache)
    except SyncError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    set_default_library(None)  # the new cache generation is one of the library's folders
    how = "full listing" if result.reset else "changes"
    print(f"{result.folder}: {how}, {result.changed} written, {result.deleted} deleted, "
          f"{result.items} items cached")
    return 0


def cmd_login(args: argparse.Namespace) -> int:
    """Store an API token (read without echo, or one line of a pipe) for later syncs."""
    import getpass

    from solver.library.credentials import save_token

    token = (getpass.getpass("API token (library:read): ") if sys.stdin.isatty()
             else sys.stdin.readline())
    try:
        path = save_token(token)
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    print(f"{path}: token saved (readable by you only)")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from solver.library.credentials import forget_token, token_path

    print(f"{token_path()}: " + ("removed" if forget_token() else "no token saved"))
    return 0


def add_parser(sub) -> None:
    """Add ``library`` and its subcommands to the ``thermocraft`` subparsers ``sub``."""
    lib = sub.add_parser("library", help="list, search and show library items")
    cmds = lib.add_subparsers(dest="library_command", required=True)
    p = cmds.add_parser("list", help="one line per item")
    p.add_argument("--kind", choices=sorted(KINDS))
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("search", help="items whose id, name, notes or source has every word")
    p.add_argument("words", nargs="+")
    p.add_argument("--kind", choices=sorted(KINDS))
    p.set_defaults(func=cmd_search)
    p = cmds.add_parser("show", help="an item's data and its source")
    p.add_argument("id", help="lib:ID or ID")
    p.set_defaults(func=cmd_show)
    p = cmds.add_parser("embed", help="copy the library items a model uses into the model")
    p.add_argument("model")
    p.add_argument("-o", "--output", required=True, help="the embedded model JSON file")
    p.set_defaults(func=cmd_embed)
    p = cmds.add_parser("sync", help="update the offline cache of a library server's items")
    p.add_argument("--server", required=True, help="the server's base URL")
    p.add_argument("--token", help="an API token with library:read (default: "
                                    "$THERMOCRAFT_TOKEN, else the one saved by login)")
    p.add_argument("--cache", help="the cache folder (default: $THERMOCRAFT_LIBRARY_CACHE or "
                                    "~/.cache/thermocraft/library)")
    p.set_defaults(func=cmd_sync)
    p = cmds.add_parser("login", help="save an API token (from the prompt or stdin) for sync, "
                                      "readable by you only")
    p.set_defaults(func=cmd_login)
    p = cmds.add_parser("logout", help="remove the saved API token")
    p.set_defaults(func=cmd_logout)
