"""Copy the README's "Using the app" section into galleryman/assets/user-guide.md, the user
guide the app shows (Help ▸ User Guide). tests/test_help_user_guide.py fails until the two are
the same again.

Run: .venv/bin/python scripts/update_user_guide.py
"""

from __future__ import annotations

from pathlib import Path

from galleryman.views.documentation import user_guide_from_readme

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    guide = user_guide_from_readme((ROOT / "README.md").read_text("utf-8"))
    target = ROOT / "galleryman" / "assets" / "user-guide.md"
    target.write_text(guide, "utf-8")
    print(f"{target.relative_to(ROOT)}: {len(guide.splitlines())} lines")


if __name__ == "__main__":
    main()
