"""Reading every older schema: a chain of functions, each lifting plain model data one
version up, applied before the data is parsed.

To add version N+1: bump ``SCHEMA_VERSION`` in :mod:`solver.model.types`, append the function
turning version-N data into version N+1 to :data:`MIGRATIONS`, keep the version-N fixtures
under ``tests/solver/fixtures/schemaN/`` and add a test for the new step (see
docs/model-format.md, "Schema versions").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solver.model.problems import Problem
from solver.model.types import SCHEMA_VERSION

Data = dict[str, Any]


def v1_to_v2(data: Data) -> Data:
    """Schema 2 only adds optional fields (contacts, lumped nodes, profiles on surface
    conditions, body frames): version-1 data reads unchanged."""
    return {**data, "schema_version": 2}


def v2_to_v3(data: Data) -> Data:
    """Schema 3 only adds a component's optional ``face`` (a part on any planar face of any
    body): version-2 data reads unchanged, ``side`` meaning what it did."""
    return {**data, "schema_version": 3}


def v3_to_v4(data: Data) -> Data:
    """Schema 4 only adds a component's optional ``interface`` (a theta_CS or library TIM
    between its pad or tab and the board face) and a contact's optional library TIM
    (``tim``, ``thickness``, ``tim_item``): version-3 data reads unchanged, without them."""
    return {**data, "schema_version": 4}


MIGRATIONS: list[Callable[[Data], Data]] = [v1_to_v2, v2_to_v3, v3_to_v4]
"""``MIGRATIONS[n - 1]`` turns version-n data into version n+1."""

FIRST_VERSION = SCHEMA_VERSION - len(MIGRATIONS)


def migrate(data: Data) -> tuple[Data, list[Problem]]:
    """``data`` lifted to :data:`SCHEMA_VERSION` (a new dict, the input is not changed), or
    the problem with its ``schema_version``. A document without one is taken as version 1,
    the format before versions were compulsory."""
    version = data.get("schema_version", FIRST_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        return data, [Problem("schema_version", "must be a whole number")]
    if version > SCHEMA_VERSION:
        return data, [Problem("schema_version", (
            f"the model was written for schema {version}; this ThermoCraft reads up to "
            f"{SCHEMA_VERSION}: update ThermoCraft"))]
    if version < FIRST_VERSION:
        return data, [Problem("schema_version", (
            f"unknown version {version}: versions start at {FIRST_VERSION}"))]
    for step in MIGRATIONS[version - FIRST_VERSION:]:
        data = step(data)
    return data, []
