"""The shared component library: search, read, versioned writes, sync, import/export.

Personal items live under ``/library``; organization (team) items under
``/orgs/{org_id}/library`` (Advanced plan); built-ins are read-only for everyone.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Response, status
from fastapi.responses import JSONResponse

from server.billing.deps import NowDep, require_org_feature
from server.deps import DB, Offset, Principal, require_scope
from server.errors import BadRequest, ServiceError
from server.library import files, items, search, sync
from server.library.items import Owner
from server.models import Role
from server.models.library import Scope
from server.openapi_errors import validation_error
from server.schemas.auth import MessageOut
from server.schemas.library import (
    KIND_PATTERN,
    ImportOut,
    ItemIn,
    ItemOut,
    ItemPage,
    ItemUpdate,
    SyncOut,
)
from server.services.organizations import require_membership

TAG = {"name": "library", "description": "The shared component library: built-in items, "
       "your own, and your organizations' (team libraries: Advanced plan). Updates need "
       "`If-Match` with the item's version. Other tenants' items answer 404."}
router = APIRouter(tags=["library"])
Reader = Annotated[Principal, Depends(require_scope("library:read"))]
Writer = Annotated[Principal, Depends(require_scope("library:write"))]
_PLAIN = "^[^\\x00-\\x1f\\x7f]*$"  # no control characters (PostgreSQL refuses NUL)
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')
_422 = validation_error("The item breaks the library schema: each problem located by its "
                        "path under `body`")
_VERSIONED = {
    409: {"description": "Stale version: `detail.current` is the item as stored now, "
          "`detail.current_version` its version (also the ETag header)"},
    428: {"model": MessageOut, "description": "`If-Match` with the item's version missing"},
}
_DUPLICATE = {409: {"model": MessageOut, "description": "The library already has an item of "
                    "that id"}}
_BAD_IF_MATCH = {400: {"model": MessageOut, "description": "If-Match is not a version"}}
_TEAM = {404: {"model": MessageOut, "description": "Not a member of the organization, or "
               "not its item"}}
# a header is a string or absent: typed ``str`` (default None), not ``str | None``, which
# the schema would render as "string or null" and a client would send as "null"
IfMatch = Annotated[str, Header(description='The version you hold, e.g. `"3"`',
                                json_schema_extra={"pattern": '^(W/)?"?[0-9]{1,9}"?$'})]


class PreconditionRequired(ServiceError):
    status_code = 428


def _number(unit: str):
    """A numeric query parameter (finite) documented with its unit."""
    return Annotated[float | None, Query(description=unit, allow_inf_nan=False)]


def expected_version(if_match: str | None, required: bool) -> int | None:
    """The version named by ``If-Match`` (428 without one when ``required``)."""
    if if_match is None:
        if required:
            raise PreconditionRequired('Send If-Match with the version you hold, e.g. '
                                       'If-Match: "3" (GET the item for its ETag)')
        return None
    match = _IF_MATCH.match(if_match)
    if match is None:
        raise BadRequest('If-Match: give the item\'s version as its ETag, e.g. "3"')
    return int(match[1])


def team_library(db: DB, principal: Reader, org_id: Annotated[uuid.UUID, Path()],
                 now: NowDep) -> Owner:
    """An organization's library for a member (404 otherwise) when the organization's own
    plan has team libraries (403 naming the plan otherwise)."""
    require_membership(db, org_id, principal.user, Role.MEMBER)
    require_org_feature(db, org_id, "team_libraries", now)
    return Owner.of_org(org_id)


def team_writer(owner: Annotated[Owner, Depends(team_library)], principal: Writer) -> Owner:
    """A team library for a member holding ``library:write``."""
    return owner


def personal(principal: Writer) -> Owner:
    return Owner.of_user(principal.user)


TeamOwner = Annotated[Owner, Depends(team_writer)]
PersonalOwner = Annotated[Owner, Depends(personal)]


def _with_etag(item, response: Response) -> ItemOut:
    response.headers["ETag"] = items.etag(item)
    return ItemOut.of(item)


@router.get("/library/items", summary="Search the library", response_model=ItemPage)
def list_items(
    db: DB, principal: Reader,
    q: Annotated[str, Query(max_length=200, pattern=_PLAIN, description="Words, all of "
                            "which must appear in the id, name, notes, source, family, ...")
                 ] = "",
    kind: Annotated[str | None, Query(pattern=KIND_PATTERN)] = None,
    category: Annotated[str | None, Query(max_length=64, pattern=_PLAIN)] = None,
    scope: Scope | None = None,
    org_id: uuid.UUID | None = None,
    theta_ja_min: _number("K/W") = None,
    theta_ja_max: _number("K/W") = None,
    size_min: _number("Larger plan side, m") = None,
    size_max: _number("Larger plan side, m") = None,
    height_min: _number("m") = None,
    height_max: _number("m") = None,
    power_min: _number("W") = None,
    power_max: _number("W") = None,
    conductivity_min: _number("W/(m K)") = None,
    conductivity_max: _number("W/(m K)") = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> ItemPage:
    """Built-in items, yours and your organizations', matching every criterion given."""
    ranges = (("theta_ja", theta_ja_min, theta_ja_max), ("size", size_min, size_max),
              ("height", height_min, height_max), ("power", power_min, power_max),
              ("conductivity", conductivity_min, conductivity_max))
    query = search.Query(q, kind, category, scope, org_id,
                         tuple(r for r in ranges if r[1] is not None or r[2] is not None),
                         limit, offset)
    found, total = search.search(db, principal.user, query)
    return ItemPage(items=[ItemOut.of(i) for i in found], total=total, limit=limit,
                    offset=offset)


@router.get("/library/items/{item_id}", summary="A library item (ETag: its version)",
            response_model=ItemOut)
def get_item(item_id: uuid.UUID, db: DB, principal: Reader, response: Response) -> ItemOut:
    return _with_etag(items.get_visible(db, principal.user, item_id), response)


@router.get("/library/sync", summary="Changes since a cursor (for offline caches)",
            response_model=SyncOut, responses={400: {"model": MessageOut,
                                                     "description": "Not a cursor"}})
def sync_changes(db: DB, principal: Reader,
                 cursor: Annotated[str | None, Query(
                     max_length=64, json_schema_extra={"pattern": sync.CURSOR.pattern},
                     description="`next_cursor` of an earlier answer")] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> SyncOut:
    """Every item you see that was created, changed or deleted after ``cursor`` (none: a
    full listing). Store ``next_cursor``; with ``has_more`` call again at once."""
    changes = sync.changes(db, principal.user, cursor, limit)
    return SyncOut(items=[ItemOut.of(i) for i in changes.items],
                   next_cursor=changes.next_cursor, has_more=changes.has_more,
                   reset=changes.reset)


# --- writes: one set of routes per library (personal, organization) ------------------------

def _create(db, owner: Owner, body: ItemIn, response: Response) -> ItemOut:
    return _with_etag(items.create(db, owner, body.kind, body.item), response)


def _update(db, principal, owner, item_id, body: ItemUpdate, if_match, response) -> ItemOut:
    expected = expected_version(if_match, required=True)
    item = items.get_owned(db, principal.user, owner, item_id)
    items.update(db, item, expected, body.item)
    return _with_etag(item, response)


def _delete(db, principal, owner, item_id, if_match) -> Response:
    item = items.get_owned(db, principal.user, owner, item_id)
    items.delete(db, item, expected_version(if_match, required=False))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _import(db, owner: Owner, data: dict[str, Any]) -> ImportOut:
    result = files.import_file(db, owner, data)
    return ImportOut(created=result.created, updated=result.updated,
                     unchanged=result.unchanged, items=[i.id for i in result.items])


def _export(db, owner: Owner, kind: str) -> JSONResponse:
    name = f"thermocraft-{owner.scope.value}-{kind}.json"
    return JSONResponse(files.export_file(db, owner, kind),
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


LibraryFile = Annotated[dict[str, Any], Body(description='A library file: `{"kind": ..., '
                                             '"description": ..., "items": [...]}`')]
ExportKind = Annotated[str, Query(pattern=KIND_PATTERN)]


@router.post("/library/items", summary="Add an item to your library",
             status_code=status.HTTP_201_CREATED, response_model=ItemOut,
             responses={**_422, **_DUPLICATE})
def create_item(body: ItemIn, db: DB, owner: PersonalOwner, response: Response) -> ItemOut:
    return _create(db, owner, body, response)


@router.put("/library/items/{item_id}", summary="Replace one of your items",
            response_model=ItemOut, responses={**_422, **_VERSIONED, **_BAD_IF_MATCH})
def update_item(item_id: uuid.UUID, body: ItemUpdate, db: DB, principal: Writer,
                owner: PersonalOwner, response: Response, if_match: IfMatch = None) -> ItemOut:
    """Needs ``If-Match`` with the version you hold; answers the new ETag."""
    return _update(db, principal, owner, item_id, body, if_match, response)


@router.delete("/library/items/{item_id}", summary="Delete one of your items",
               status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               responses={**_BAD_IF_MATCH, 409: _VERSIONED[409]})
def delete_item(item_id: uuid.UUID, db: DB, principal: Writer, owner: PersonalOwner,
                if_match: IfMatch = None) -> Response:
    """Leaves a tombstone for syncing clients; ``If-Match`` is checked when sent."""
    return _delete(db, principal, owner, item_id, if_match)


@router.post("/library/import", summary="Import a library file into your library",
             response_model=ImportOut, responses=_422)
def import_items(data: LibraryFile, db: DB, owner: PersonalOwner) -> ImportOut:
    """All or nothing; an item of an id you have replaces it (a new version)."""
    return _import(db, owner, data)


@router.get("/library/export", summary="Export your items of one kind as a library file",
            response_model=dict[str, Any])
def export_items(kind: ExportKind, db: DB, principal: Reader,
                 builtin: Annotated[bool, Query(description="Export the built-in items "
                                                "instead")] = False) -> JSONResponse:
    return _export(db, items.BUILTIN if builtin else Owner.of_user(principal.user), kind)


@router.post("/orgs/{org_id}/library/items", summary="Add an item to a team library",
             status_code=status.HTTP_201_CREATED, response_model=ItemOut,
             responses={**_422, **_DUPLICATE, **_TEAM})
def create_team_item(body: ItemIn, db: DB, owner: TeamOwner, response: Response) -> ItemOut:
    return _create(db, owner, body, response)


@router.put("/orgs/{org_id}/library/items/{item_id}", summary="Replace a team item",
            response_model=ItemOut,
            responses={**_422, **_VERSIONED, **_BAD_IF_MATCH})
def update_team_item(item_id: uuid.UUID, body: ItemUpdate, db: DB, principal: Writer,
                     owner: TeamOwner, response: Response,
                     if_match: IfMatch = None) -> ItemOut:
    return _update(db, principal, owner, item_id, body, if_match, response)


@router.delete("/orgs/{org_id}/library/items/{item_id}", summary="Delete a team item",
               status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               responses={**_BAD_IF_MATCH, 409: _VERSIONED[409], **_TEAM})
def delete_team_item(item_id: uuid.UUID, db: DB, principal: Writer, owner: TeamOwner,
                     if_match: IfMatch = None) -> Response:
    return _delete(db, principal, owner, item_id, if_match)


@router.post("/orgs/{org_id}/library/import", summary="Import a file into a team library",
             response_model=ImportOut,
             responses={**_422, **_TEAM})
def import_team_items(data: LibraryFile, db: DB, owner: TeamOwner) -> ImportOut:
    return _import(db, owner, data)


@router.get("/orgs/{org_id}/library/export", summary="Export a team library's items of one "
            "kind", response_model=dict[str, Any], responses=_TEAM)
def export_team_items(kind: ExportKind, db: DB,
                      owner: Annotated[Owner, Depends(team_library)]) -> JSONResponse:
    return _export(db, owner, kind)
