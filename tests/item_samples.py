"""Realistic item bodies shared by tests: the documented Get Gallery items (copied from Wix's
docs into tests/fixtures/wix-examples), and items as a newer server might send them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from galleryman.wix.models import Item

EXAMPLES = Path(__file__).parent / "fixtures" / "wix-examples"


def documented_items() -> list[Item]:
    """The three items of the documented Get Gallery response: an image, a YouTube video and a
    Wix Media video."""
    body = json.loads((EXAMPLES / "get_gallery.response.json").read_text())
    return [Item.from_json(item) for item in body["gallery"]["items"]]


def rich_image_json() -> dict[str, Any]:
    """An image item as a newer server might send it: keys the models do not know, a focal
    point, a link with `wixLinkData`, and system tags."""
    return {
        "id": "5b0a3f7e-8a1e-4c39-9a62-0c6d0f0e2a11",
        "sortOrder": 1646212500000,
        "title": "Harbour at dusk",
        "description": "",
        "type": "IMAGE",
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {
                "id": "11062b_8f2a3c1d9e7b4a5f8c6d2e1f0a9b8c7d~mv2.jpg",
                "url": "https://static.wixstatic.com/media/11062b_8f2a3c1d9e7b4a5f8c6d2e1f0a9b8c7d~mv2.jpg",
                "height": 3000,
                "width": 4500,
                "filename": "harbour.jpg",
                "urlExpirationDate": None,
                "sizeInBytes": "5918720",
            },
            "focalPoint": {"x": 0.25, "y": 0.75},
            "crop": {"x": 0, "y": 0, "width": 4500, "height": 3000},
        },
        "link": {
            "type": "EXTERNAL",
            "url": "https://example.com/harbour",
            "target": "_self",
            "wixLinkData": {"external": {"url": "https://example.com/harbour", "target": "_self"}},
        },
        "tags": {"values": ["_fileOrigin_uploaded", "sea"], "source": "editor"},
        "createdDate": "2022-03-02T09:13:33.120Z",
        "updatedDate": "2022-03-04T17:40:02Z",
    }


def text_item_json() -> dict[str, Any]:
    return {
        "id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "sortOrder": 1646212600000,
        "title": "Opening hours",
        "type": "TEXT",
        "text": {
            "html": "<p>Open <b>daily</b> 9–5</p>",
            "css": {"background-color": "#f4efe6"},
            "editorFontId": "font_8",
        },
        "createdDate": "2022-03-05T08:00:00Z",
    }


def all_items() -> list[Item]:
    return [
        *documented_items(),
        Item.from_json(rich_image_json()),
        Item.from_json(text_item_json()),
    ]
