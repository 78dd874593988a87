"""``python -m galleryman.sandbox [options]``: same as ``galleryman sandbox``."""

import sys

from galleryman.sandbox.cli import main

sys.exit(main())
