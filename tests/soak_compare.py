"""The soak's verdict: the site compared with the intended state (Qt-free).

* lost: something meant that the site does not have: a gallery or item missing, a name,
  title, alt text or tags not as last set, a gallery or item deleted that is still there;
* duplicate items: one upload twice in a gallery (or a gallery name twice);
* duplicate media files: more than one Media Manager file from one upload;
* order: galleries or items in another order than meant (counted as the items out of
  place: the length minus the longest run already in order).

Galleries are matched by name (every name the soak gives is new), items by the name of the
file they were uploaded from.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from tests.soak_model import Model
from tests.soak_site import SiteState


@dataclass
class Verdict:
    lost: list[str] = field(default_factory=list)
    duplicate_items: list[str] = field(default_factory=list)
    duplicate_files: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    out_of_place: int = 0
    unused_files: int = 0  # files no item uses: those of items the user deleted

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicate_items or self.duplicate_files or self.order)


def compare(model: Model, site: SiteState, uploaded: set[str]) -> Verdict:
    """`uploaded`: the file names of every upload the app was asked to make."""
    verdict = Verdict()
    on_site = {g.name: g for g in site.galleries}
    names = Counter(g.name for g in site.galleries)
    for name, count in names.items():
        if count > 1:
            verdict.duplicate_items.append(f"gallery {name!r} is on the site {count} times")
    meant = set(model.names())
    for name in names:
        if name not in meant:
            verdict.lost.append(f"gallery {name!r} is on the site, not meant to be")
    for gallery in model.galleries:
        found = on_site.get(gallery.name)
        if found is None:
            verdict.lost.append(f"gallery {gallery.name!r} is missing")
            continue
        items = {i.name: i for i in found.items}
        for item_name, count in Counter(i.name for i in found.items).items():
            if count > 1:
                verdict.duplicate_items.append(f"{item_name} is {count} times in {gallery.name!r}")
        for item in gallery.shown():
            there = items.get(item.name)
            if there is None:
                verdict.lost.append(f"{item.name} is missing from {gallery.name!r}")
                continue
            wanted = item.fields()
            got = {"title": there.title, "alt": there.alt or None, "tags": list(there.tags)}
            for key, value in wanted.items():
                if got[key] != value:
                    verdict.lost.append(
                        f"{item.name} in {gallery.name!r}: {key} is {got[key]!r}, not {value!r}"
                    )
        for name in items:
            if name not in gallery.items:
                verdict.lost.append(f"{name} is in {gallery.name!r}, not meant to be")
        _order(verdict, gallery.name, gallery.names(), [i.name or "?" for i in found.items])
    _order(verdict, "the site", model.names(), [g.name or "?" for g in site.galleries])
    _files(verdict, site, uploaded)
    return verdict


def _order(verdict: Verdict, where: str, meant: list[str], got: list[str]) -> None:
    common = set(meant) & set(got)
    meant = [n for n in meant if n in common]
    got = [n for n in dict.fromkeys(n for n in got if n in common)]
    if meant == got:
        return
    rank = {name: i for i, name in enumerate(meant)}
    misplaced = len(got) - _longest_increasing([rank[n] for n in got])
    verdict.out_of_place += misplaced
    verdict.order.append(f"{where}: {misplaced} out of place; {got} where {meant} was meant")


def _files(verdict: Verdict, site: SiteState, uploaded: set[str]) -> None:
    used = {i.file_id for g in site.galleries for i in g.items}
    for name, count in Counter(site.files.values()).items():
        if count > 1:
            verdict.duplicate_files.append(f"{name} is in the Media Manager {count} times")
        if name not in uploaded:
            verdict.duplicate_files.append(f"{name} is in the Media Manager, never uploaded")
    verdict.unused_files = sum(1 for file_id in site.files if file_id not in used)


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        at = bisect_left(tails, value)
        tails[at : at + 1] = [value]
    return len(tails)
