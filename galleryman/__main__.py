"""Command line: `galleryman` opens the app; `galleryman sandbox ...` runs the local server."""

from __future__ import annotations

import argparse
import sys

from galleryman import __version__


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "sandbox":
        from galleryman.sandbox.cli import main as sandbox_main

        return sandbox_main(args[1:])
    parser = argparse.ArgumentParser(
        prog="galleryman",
        description="Manage Wix Pro Galleries. Subcommand: 'galleryman sandbox --help' runs "
        "the local Wix-compatible server.",
    )
    parser.add_argument("--version", action="version", version=f"galleryman {__version__}")
    parser.parse_args(args)
    # Until the desktop window lands, the app is the demo sandbox.
    from galleryman.sandbox.cli import main as sandbox_main

    return sandbox_main(["--demo"])


if __name__ == "__main__":
    sys.exit(main())
