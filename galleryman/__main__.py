"""Command line: `galleryman` opens the app; `galleryman sandbox ...` runs the local server;
`galleryman thumbnails ...` is the window's thumbnail process (galleryman/thumbnailer), and
`galleryman listing-pages` its listing process (galleryman/sync/listing_process.py)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "sandbox":
        from galleryman.sandbox.cli import main as sandbox_main

        return sandbox_main(args[1:])
    if args and args[0] == "listing-pages":
        from galleryman.sync.listing_process import main as listing_main

        return listing_main(args[1:])
    if args and args[0] == "thumbnails":
        from galleryman.thumbnailer.cli import main as thumbnails_main

        return thumbnails_main(args[1:])
    from galleryman.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
