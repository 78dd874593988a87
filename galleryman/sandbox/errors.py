"""Error bodies in the shape Wix documents (CONTRACT.md §Errors) and the exception carrying them.

* ``applicationError``: ``{"message", "details": {"applicationError": {code, description, data?}}}``
* ``validationError``: ``{"message", "details": {"validationError": {"fieldViolations": [...]}}}``
* 5xx: ``{"message": "", "details": {}}`` (system errors are empty by design).
"""

from __future__ import annotations

from typing import Any

from galleryman.sandbox.util import JsonDict


class ApiError(Exception):
    """Raised by handlers; the server turns it into an HTTP response with this status and body."""

    def __init__(
        self, status: int, body: JsonDict, headers: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(f"{status}: {body.get('message', '')}")
        self.status = status
        self.body = body
        self.headers = headers or []


def application_error(
    status: int, code: str, description: str, message: str | None = None, data: Any = None
) -> ApiError:
    detail: JsonDict = {"code": code, "description": description}
    if data is not None:
        detail["data"] = data
    body = {"message": message or description, "details": {"applicationError": detail}}
    return ApiError(status, body)


def not_found(what: str, ident: str) -> ApiError:
    return application_error(
        404, "NOT_FOUND", f"{what} {ident!r} was not found", data={"id": ident}
    )


def invalid_argument(description: str) -> ApiError:
    return application_error(400, "INVALID_ARGUMENT", description)


def unauthenticated(description: str) -> ApiError:
    # Never include a presented credential in the text.
    return application_error(401, "UNAUTHENTICATED", description, message="Unauthorized")


def system_error_body() -> JsonDict:
    return {"message": "", "details": {}}


def violation(
    field: str,
    description: str,
    rule: str = "CUSTOM",
    rule_name: str | None = None,
    data: Any = None,
) -> JsonDict:
    """One entry of ``validationError.fieldViolations``."""
    out: JsonDict = {"field": field, "description": description, "violatedRule": rule}
    if rule_name is not None:
        out["ruleName"] = rule_name
    if data is not None:
        out["data"] = data
    return out


def validation_error(violations: list[JsonDict]) -> ApiError:
    summary = "; ".join(f"{v['field']}: {v['description']}" for v in violations[:5])
    if len(violations) > 5:
        summary += f"; and {len(violations) - 5} more"
    body = {
        "message": summary,
        "details": {"validationError": {"fieldViolations": violations}},
    }
    return ApiError(400, body)


def raise_if(violations: list[JsonDict]) -> None:
    if violations:
        raise validation_error(violations)
