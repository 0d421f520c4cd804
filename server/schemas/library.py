"""Bodies of the component-library routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from solver.library.schema import KINDS

KIND_PATTERN = "^(" + "|".join(KINDS) + ")$"


class ItemIn(BaseModel):
    kind: str = Field(pattern=KIND_PATTERN, description="One of " + ", ".join(KINDS))
    item: dict[str, Any] = Field(description="One library item in the solver's format "
                                 "(docs/library.md): `id`, `source` and the kind's fields")


class ItemUpdate(BaseModel):
    item: dict[str, Any] = Field(description="The whole new item (its `id` unchanged)")


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="The server's id of this item")
    slug: str = Field(description="The library id: models refer to it as `lib:<slug>`")
    kind: str
    category: str | None = Field(description="Package family, material category, heat-sink "
                                 "style, TIM type or stack-up standard")
    name: str
    scope: str = Field(description="builtin, user or organization")
    owner_org_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = Field(description="Set on tombstones (sync only)")
    body: dict[str, Any] | None = Field(description="The item (null on tombstones)")
    theta_ja: float | None = Field(description="Headline θJA searched on, K/W")
    body_size: float | None = Field(description="Larger plan dimension, m")
    body_height: float | None = Field(description="Height, m")
    power: float | None = Field(description="Typical power, W")
    conductivity: float | None = Field(description="Thermal conductivity (largest), W/(m K)")

    @classmethod
    def of(cls, item) -> ItemOut:
        out = cls.model_validate(item)
        return out.model_copy(update={"body": None}) if out.deleted_at else out


class ItemPage(BaseModel):
    items: list[ItemOut]
    total: int = Field(description="Matches in all pages")
    limit: int
    offset: int


class SyncOut(BaseModel):
    items: list[ItemOut] = Field(description="Items changed since the cursor, oldest change "
                                 "first; deleted ones have `deleted_at` set")
    next_cursor: str = Field(description="Pass as `cursor` next time")
    has_more: bool = Field(description="More changes wait: call again with next_cursor now")
    reset: bool = Field(description="The cursor was unknown or your organizations changed: "
                        "this is a full listing, drop the cache first")


class ImportOut(BaseModel):
    created: int
    updated: int
    unchanged: int
    items: list[uuid.UUID] = Field(description="The server ids, in file order")
