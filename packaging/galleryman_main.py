"""The frozen program's entry point: the app, or `galleryman sandbox ...` (the child process
the app starts for the local sandbox), exactly like the `galleryman` console script."""

import sys

from galleryman.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
