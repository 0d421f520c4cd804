"""Usage records (solve minutes, storage) and their per-period (calendar month) summary."""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from server.models import Organization, User, utcnow
from server.models.billing import UsageRecord

#: Metered kinds: a flow (summed per period) or a stock (deltas summed over all time).
USAGE_KINDS = {"solve_minutes": "flow", "storage_bytes": "stock"}
#: 'YYYY-MM' from 1970-01 to 9999-12 (a year 0 or 10000 has no datetime).
PERIOD_RE = re.compile(r"^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])$")
PERIOD_PATTERN = PERIOD_RE.pattern


@dataclass(frozen=True)
class Owner:
    """A user or an organization (exactly one id set)."""

    user_id: uuid.UUID | None = None
    org_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if (self.user_id is None) == (self.org_id is None):
            raise ValueError("an owner is exactly one user or one organization")

    @classmethod
    def of(cls, owner: Owner | User | Organization) -> Owner:
        """Wrap a User or Organization (an Owner passes through)."""
        if isinstance(owner, Owner):
            return owner
        if isinstance(owner, User):
            return cls(user_id=owner.id)
        if isinstance(owner, Organization):
            return cls(org_id=owner.id)
        raise TypeError(f"not an owner: {owner!r}")

    def clause(self, model):
        """SQL filter selecting rows of ``model`` owned by this owner."""
        if self.user_id is not None:
            return model.owner_user_id == self.user_id
        return model.owner_org_id == self.org_id


def period_of(moment: datetime) -> str:
    """'YYYY-MM' of ``moment`` (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m")


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """[start, end) of calendar month ``period`` ('YYYY-MM') in UTC."""
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(f"period must look like 2026-11, not {period!r}")
    year, month = int(match[1]), int(match[2])
    start = datetime(year, month, 1, tzinfo=UTC)
    if (year, month) == (9999, 12):  # the next month is past datetime's range
        return start, datetime.max.replace(tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def record_usage(
    db: Session,
    owner: Owner | User | Organization,
    kind: str,
    amount: float,
    *,
    at: datetime | None = None,
    commit: bool = True,
) -> UsageRecord:
    """Record ``amount`` of ``kind`` for ``owner`` (storage amounts are +/- byte deltas)."""
    if kind not in USAGE_KINDS:
        raise ValueError(f"unknown usage kind {kind!r}; expected one of {sorted(USAGE_KINDS)}")
    if USAGE_KINDS[kind] == "flow" and amount < 0:
        raise ValueError(f"{kind} cannot be negative")
    who = Owner.of(owner)
    record = UsageRecord(
        owner_user_id=who.user_id,
        owner_org_id=who.org_id,
        kind=kind,
        amount=float(amount),
        created_at=at or utcnow(),
    )
    db.add(record)
    if commit:
        db.commit()
    else:
        db.flush()
    return record


@functools.cache
def _sum_statement(owner_column: str, since: bool) -> Select:
    """The sum of one kind of usage of one owner before ``:end`` (and from ``:start``),
    built once per shape: building a statement and its cache key costs a request more CPU
    than running it."""
    query = select(func.coalesce(func.sum(UsageRecord.amount), 0.0)).where(
        getattr(UsageRecord, owner_column) == bindparam("owner"),
        UsageRecord.kind == bindparam("kind"), UsageRecord.created_at < bindparam("end"))
    if since:
        query = query.where(UsageRecord.created_at >= bindparam("start"))
    return query


def _sum(db: Session, owner: Owner, kind: str, start: datetime | None, end: datetime) -> float:
    column, owner_id = (("owner_user_id", owner.user_id) if owner.user_id is not None
                        else ("owner_org_id", owner.org_id))
    params = {"owner": owner_id, "kind": kind, "end": end}
    if start is not None:
        params["start"] = start
    return float(db.scalar(_sum_statement(column, start is not None), params) or 0.0)


def usage_summary(db: Session, owner: Owner, period: str) -> dict:
    """Totals for ``period``: solve minutes used, storage held at its end (so far)."""
    start, end = period_bounds(period)
    count = db.scalar(
        select(func.count(UsageRecord.id)).where(
            owner.clause(UsageRecord),
            UsageRecord.created_at >= start,
            UsageRecord.created_at < end,
        )
    )
    return {
        "period": period,
        "start": start,
        "end": end,
        "solve_minutes": _sum(db, owner, "solve_minutes", start, end),
        "storage_bytes": max(0, int(_sum(db, owner, "storage_bytes", None, end))),
        "storage_bytes_change": int(_sum(db, owner, "storage_bytes", start, end)),
        "records": int(count or 0),
    }


def solve_minutes_used(db: Session, owner: Owner, now: datetime) -> float:
    """This month's remote-solve minutes (all a submission checks: one query)."""
    start, end = period_bounds(period_of(now))
    return _sum(db, owner, "solve_minutes", start, end)


def metered_usage(db: Session, owner: Owner, now: datetime) -> dict[str, float]:
    """Usage against the metered plan limits now: this month's minutes, current storage."""
    _, end = period_bounds(period_of(now))
    return {
        "remote_solve_minutes": solve_minutes_used(db, owner, now),
        "storage_bytes": max(0.0, _sum(db, owner, "storage_bytes", None, end)),
    }
