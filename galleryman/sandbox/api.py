"""Pro Gallery REST API v2 handlers (served under /pro-gallery/v2 and /progallery/v2)."""

from __future__ import annotations

import copy
from typing import Any

from galleryman.sandbox.errors import (
    not_found,
    raise_if,
    validation_error,
    violation,
)
from galleryman.sandbox.links import is_media_id
from galleryman.sandbox.routing import PRO_GALLERY, Request, Response, Router
from galleryman.sandbox.store import Store, Tx
from galleryman.sandbox.util import (
    JsonDict,
    new_uuid,
    next_sort_order,
    now_rfc3339,
    omit_empty_lists,
)
from galleryman.sandbox.validation import (
    Rules,
    Violations,
    check_gallery,
    check_item,
    clean_gallery_input,
    clean_new_item,
    items_list,
    merge_gallery_patch,
    merge_item_patch,
    order_item,
)

GALLERY_PAGE = (50, 100)  # default and maximum items per page (Get Gallery, List Items)
DUPLICATE = "DUPLICATE_SORT_ORDER"
_GALLERY_OWN_KEYS = ("id", "name", "sortOrder", "createdDate")


def _duplicate(field: str, value: Any, what: str) -> JsonDict:
    desc = f"another {what} already has sortOrder {value}"
    return violation(field, desc, "CUSTOM", DUPLICATE, {"sortOrder": value})


def _required_object(body: JsonDict, key: str) -> Any:
    value = body.get(key)
    if value is None:
        raise validation_error([violation(key, "is required", "REQUIRED_FIELD")])
    if not isinstance(value, dict):
        raise validation_error([violation(key, "must be an object", "FORMAT")])
    return value


def _image_id(item: JsonDict | None) -> str | None:
    image = item.get("image") if item else None
    info = image.get("imageInfo") if isinstance(image, dict) else None
    file_id = info.get("id") if isinstance(info, dict) else None
    return file_id if is_media_id(file_id) else None


def check_media(tx: Tx, item: JsonDict, f: str, out: Violations, before: str | None) -> None:
    """An image item must name a READY image of the Media Manager (unless it is the file the
    item already had): Wix's images "must be uploaded or imported to the Wix Media Manager
    first", and a file still processing has no size or URLs yet."""
    file_id = _image_id(item)
    if file_id is None or file_id == before:
        return
    found = tx.file(file_id)
    field = f"{f}.image.imageInfo.id"
    if found is None:
        desc = "is not a file of this site's Media Manager"
        out.append(violation(field, desc, "CUSTOM", "FILE_NOT_FOUND", {"id": file_id}))
        return
    doc = found[0]
    status = doc.get("operationStatus")
    if status != "READY":
        desc = f"names a file whose operationStatus is {status}, not READY"
        rule = "FILE_NOT_READY" if status == "PENDING" else "FILE_FAILED"
        out.append(violation(field, desc, "CUSTOM", rule, {"id": file_id}))
    elif doc.get("mediaType") != "IMAGE":
        out.append(violation(field, "names a file that is not an image", "FORMAT"))


class GalleryApi:
    def __init__(self, store: Store, rules: Rules | None = None) -> None:
        self.store = store
        self.rules = rules or Rules()

    def _json(self, obj: JsonDict) -> Response:
        """Strict answers leave out empty lists, as protobuf JSON does."""
        return Response.json(omit_empty_lists(obj) if self.rules.strict else obj)

    def _check_item(
        self, tx: Tx, item: JsonDict, f: str, out: Violations, before: JsonDict | None = None
    ) -> None:
        check_item(item, f, out, self.store.media_url(""))
        check_media(tx, item, f, out, _image_id(before))

    def register(self, router: Router) -> None:
        g = f"{PRO_GALLERY}/galleries"
        one = f"{g}/(?P<gid>[^/]+)"
        item = f"{one}/items/(?P<iid>[^/]+)"
        router.add("GET", g, self.list_galleries)
        router.add("POST", g, self.create_gallery)
        router.add("GET", one, self.get_gallery)
        router.add("PATCH", one, self.update_gallery)
        router.add("DELETE", one, self.delete_gallery)
        router.add("GET", f"{one}/items", self.list_items)
        router.add("POST", f"{one}/items", self.create_item)
        router.add("POST", f"{one}/items/delete", self.bulk_delete_items)
        router.add("GET", item, self.get_item)
        router.add("PATCH", item, self.update_item)
        router.add("DELETE", item, self.delete_item)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _gallery(tx: Tx, gid: str) -> JsonDict:
        doc = tx.gallery(gid)
        if doc is None:
            raise not_found("Gallery", gid)
        return doc

    def _render(self, tx: Tx, doc: JsonDict, offset: int = 0, limit: int = 50) -> JsonDict:
        items = tx.items(doc["id"], offset, limit)
        return self.store.render_gallery(doc, items, tx.count_items(doc["id"]))

    @staticmethod
    def _page(req: Request, default: int = GALLERY_PAGE[0]) -> tuple[int, int]:
        offset = req.int_param(("itemOffset", "offset"), 0, 0)
        limit = req.int_param(("itemLimit", "limit"), default, 1, GALLERY_PAGE[1])
        return offset, limit

    @staticmethod
    def _new_item_doc(item: JsonDict, sort_order: float, now: str) -> JsonDict:
        doc = dict(item, id=new_uuid(), sortOrder=sort_order, createdDate=now, updatedDate=now)
        return order_item(doc)

    # -- galleries -------------------------------------------------------------------------
    def list_galleries(self, req: Request, _: dict[str, str]) -> Response:
        offset = req.int_param(("offset",), 0, 0)
        limit = req.int_param(("limit",), 10, 1, 10)
        item_limit = req.int_param(("itemLimit",), 10, 1, 100)
        with self.store.read() as tx:
            docs = tx.galleries(offset, limit, by_created=self.rules.strict)
            galleries = [self._render(tx, d, 0, item_limit) for d in docs]
            total = tx.count_galleries()
        return self._json({"galleries": galleries, "totalGalleries": total})

    def get_gallery(self, req: Request, p: dict[str, str]) -> Response:
        offset, limit = self._page(req)
        with self.store.read() as tx:
            gallery = self._render(tx, self._gallery(tx, p["gid"]), offset, limit)
        return self._json({"gallery": gallery})

    def create_gallery(self, req: Request, _: dict[str, str]) -> Response:
        body = req.json_object()
        out: Violations = []
        raw = body.get("gallery")
        gallery = {} if raw is None else clean_gallery_input(raw, "gallery", out, self.rules)
        check_gallery(gallery or {}, "gallery", out)
        raw_items = items_list(
            raw.get("items") if isinstance(raw, dict) else None, "gallery.items", out
        )
        new_items: list[tuple[str, JsonDict]] = []
        for i, raw_item in enumerate(raw_items):
            field = f"gallery.items[{i}]"
            item = clean_new_item(raw_item, field, out, self.rules)
            if item is not None:
                check_item(item, field, out, self.store.media_url(""))
                new_items.append((field, item))
        clone_id = body.get("cloneFromGalleryId")
        if clone_id is not None and (not isinstance(clone_id, str) or not clone_id):
            out.append(violation("cloneFromGalleryId", "must be a gallery id", "FORMAT"))
        raise_if(out)
        gallery = gallery or {}
        now = now_rfc3339()
        with self.store.write() as tx:
            source = self._gallery(tx, clone_id) if clone_id else None
            for field, item in new_items:
                check_media(tx, item, field, out, None)
            raise_if(out)
            doc: JsonDict = {"id": new_uuid()}
            name = gallery.get("name", source.get("name") if source else None)
            if name is not None:
                doc["name"] = name
            if "sortOrder" in gallery:
                if tx.gallery_sort_taken(gallery["sortOrder"]):
                    raise validation_error(
                        [_duplicate("gallery.sortOrder", gallery["sortOrder"], "gallery")]
                    )
                doc["sortOrder"] = gallery["sortOrder"]
            else:
                doc["sortOrder"] = next_sort_order(tx.max_gallery_sort())
            doc["createdDate"] = now
            for extra in (source or {}, gallery):
                doc.update(
                    (k, copy.deepcopy(v)) for k, v in extra.items() if k not in _GALLERY_OWN_KEYS
                )
            tx.insert_gallery(doc)
            docs: list[JsonDict] = []
            if source is not None:
                for item in tx.items(source["id"]):
                    docs.append(dict(item, id=new_uuid(), createdDate=now, updatedDate=now))
            taken = {d["sortOrder"] for d in docs}
            highest = max(taken, default=None)
            for field, item in new_items:
                if "sortOrder" in item:
                    if item["sortOrder"] in taken:
                        out.append(_duplicate(f"{field}.sortOrder", item["sortOrder"], "item"))
                        continue
                    sort_order = item["sortOrder"]
                else:
                    sort_order = next_sort_order(highest)
                taken.add(sort_order)
                highest = sort_order if highest is None else max(highest, sort_order)
                docs.append(self._new_item_doc(item, sort_order, now))
            raise_if(out)
            tx.insert_items(doc["id"], docs)
            result = self._render(tx, doc)
        return self._json({"gallery": result})

    def update_gallery(self, req: Request, p: dict[str, str]) -> Response:
        raw = _required_object(req.json_object(), "gallery")
        gid = p["gid"]
        out: Violations = []
        now = now_rfc3339()
        with self.store.write() as tx:
            current = self._gallery(tx, gid)
            merged = merge_gallery_patch(current, raw, self.rules)
            check_gallery(merged, "gallery", out)
            sort_order = merged["sortOrder"]
            if not out and tx.gallery_sort_taken(sort_order, gid):
                out.append(_duplicate("gallery.sortOrder", sort_order, "gallery"))
            for i, raw_item in enumerate(items_list(raw.get("items"), "gallery.items", out)):
                self._upsert_item(tx, gid, raw_item, f"gallery.items[{i}]", now, out)
            raise_if(out)
            tx.update_gallery(merged)
            result = self._render(tx, merged)
        return self._json({"gallery": result})

    def _upsert_item(
        self, tx: Tx, gid: str, raw: Any, field: str, now: str, out: Violations
    ) -> None:
        """One entry of Update Gallery's ``items``: patch by id, or create when it has no id."""
        item_id = raw.get("id") if isinstance(raw, dict) else None
        errors: Violations = []
        if item_id is not None:
            current = tx.item(gid, str(item_id))
            if current is None:
                raise not_found("Item", str(item_id))
            merged = merge_item_patch(current, raw, field, errors, self.rules)
            if merged is not None:
                self._check_item(tx, merged, field, errors, before=current)
            if merged is None or errors:
                out.extend(errors)
                return
            if tx.item_sort_taken(gid, merged["sortOrder"], current["id"]):
                out.append(_duplicate(f"{field}.sortOrder", merged["sortOrder"], "item"))
                return
            merged["updatedDate"] = now
            tx.update_item(gid, order_item(merged))
            return
        item = clean_new_item(raw, field, errors, self.rules)
        if item is not None:
            self._check_item(tx, item, field, errors)
        if item is None or errors:
            out.extend(errors)
            return
        if "sortOrder" in item:
            if tx.item_sort_taken(gid, item["sortOrder"]):
                out.append(_duplicate(f"{field}.sortOrder", item["sortOrder"], "item"))
                return
            sort_order = item["sortOrder"]
        else:
            sort_order = next_sort_order(tx.max_item_sort(gid))
        tx.insert_items(gid, [self._new_item_doc(item, sort_order, now)])

    def delete_gallery(self, _: Request, p: dict[str, str]) -> Response:
        with self.store.write() as tx:
            if not tx.delete_gallery(p["gid"]):
                raise not_found("Gallery", p["gid"])
        return Response.json({"galleryId": p["gid"]})

    # -- items -----------------------------------------------------------------------------
    def list_items(self, req: Request, p: dict[str, str]) -> Response:
        offset, limit = self._page(req)
        with self.store.read() as tx:
            self._gallery(tx, p["gid"])
            items = [self.store.render_item(i) for i in tx.items(p["gid"], offset, limit)]
        return self._json({"items": items})

    def get_item(self, _: Request, p: dict[str, str]) -> Response:
        with self.store.read() as tx:
            self._gallery(tx, p["gid"])
            item = tx.item(p["gid"], p["iid"])
            if item is None:
                raise not_found("Item", p["iid"])
        return self._json({"item": self.store.render_item(item)})

    def create_item(self, req: Request, p: dict[str, str]) -> Response:
        raw = _required_object(req.json_object(), "item")
        out: Violations = []
        item = clean_new_item(raw, "item", out, self.rules)
        gid = p["gid"]
        with self.store.write() as tx:
            self._gallery(tx, gid)
            if item is not None:
                self._check_item(tx, item, "item", out)
            raise_if(out)
            assert item is not None
            if "sortOrder" in item:
                if tx.item_sort_taken(gid, item["sortOrder"]):
                    raise validation_error(
                        [_duplicate("item.sortOrder", item["sortOrder"], "item")]
                    )
                sort_order = item["sortOrder"]
            else:
                sort_order = next_sort_order(tx.max_item_sort(gid))
            doc = self._new_item_doc(item, sort_order, now_rfc3339())
            tx.insert_items(gid, [doc])
        return self._json({"item": self.store.render_item(doc)})

    def update_item(self, req: Request, p: dict[str, str]) -> Response:
        raw = _required_object(req.json_object(), "item")
        gid, iid = p["gid"], p["iid"]
        out: Violations = []
        with self.store.write() as tx:
            self._gallery(tx, gid)
            current = tx.item(gid, iid)
            if current is None:
                raise not_found("Item", iid)
            merged = merge_item_patch(current, raw, "item", out, self.rules)
            if merged is not None:
                self._check_item(tx, merged, "item", out, before=current)
            raise_if(out)
            assert merged is not None
            if tx.item_sort_taken(gid, merged["sortOrder"], iid):
                raise validation_error([_duplicate("item.sortOrder", merged["sortOrder"], "item")])
            merged["updatedDate"] = now_rfc3339()
            doc = order_item(merged)
            tx.update_item(gid, doc)
        return self._json({"item": self.store.render_item(doc)})

    def delete_item(self, _: Request, p: dict[str, str]) -> Response:
        with self.store.write() as tx:
            self._gallery(tx, p["gid"])
            if not tx.delete_item(p["gid"], p["iid"]):
                raise not_found("Item", p["iid"])
        return Response.json({"itemId": p["iid"]})

    def bulk_delete_items(self, req: Request, p: dict[str, str]) -> Response:
        ids = req.json_object().get("itemIds")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            rule = "REQUIRED_FIELD" if ids is None else "FORMAT"
            raise validation_error([violation("itemIds", "must be a list of item ids", rule)])
        with self.store.write() as tx:
            self._gallery(tx, p["gid"])
            deleted = [i for i in dict.fromkeys(ids) if tx.delete_item(p["gid"], i)]
        return Response.json({"itemIds": deleted})
