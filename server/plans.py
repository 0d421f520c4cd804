"""Plans as data: the one place that says what Free, Pro and Advanced allow.

Everything else (enforcement, entitlements, checkout) reads these tables; no code
anywhere else should compare plan names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

GIB = 1024**3
MIB = 1024**2

#: Features a plan may switch on, with the phrase used in error messages.
FEATURES: MappingProxyType[str, str] = MappingProxyType(
    {
        "remote_solve": "Remote solving",
        "server_transient": "Transient simulations on the server",
        "server_parametric_sweep": "Parametric sweeps on the server",
        "team_libraries": "Team component libraries",
    }
)

#: Numeric limits of a plan (None in a plan means unlimited), with their phrase.
LIMITS: MappingProxyType[str, str] = MappingProxyType(
    {
        "components_per_model": "components per model",
        "remote_solve_minutes": "remote-solve minutes per month",
        "storage_bytes": "bytes of storage",
        "solve_memory_bytes": "bytes of memory per remote solve",
        "solve_cpu_seconds": "CPU seconds per remote solve",
        "solve_wall_seconds": "seconds of wall time per remote solve",
    }
)

#: Limits counted from usage records (the others are checked against a request).
METERED_LIMITS: MappingProxyType[str, str] = MappingProxyType(
    {"remote_solve_minutes": "solve_minutes", "storage_bytes": "storage_bytes"}
)


@dataclass(frozen=True)
class Plan:
    """A plan: its rank orders plans (higher is better), prices are in US cents."""

    id: str
    name: str
    rank: int
    monthly_price_cents: int
    per_seat: bool
    purchasable: bool
    features: frozenset[str]
    limits: MappingProxyType[str, int | None] = field(compare=False)

    def has(self, feature: str) -> bool:
        """Whether the plan includes ``feature``."""
        if feature not in FEATURES:
            raise KeyError(f"unknown feature {feature!r}")
        return feature in self.features

    def limit(self, name: str) -> int | None:
        """The plan's value for limit ``name`` (None: unlimited)."""
        return self.limits[name]


def _plan(**kwargs) -> Plan:
    limits = kwargs.pop("limits")
    assert set(limits) == set(LIMITS), "every plan sets every limit"
    assert set(kwargs["features"]) <= set(FEATURES)
    return Plan(limits=MappingProxyType(dict(limits)), **kwargs)


FREE = _plan(
    id="free",
    name="Free",
    rank=0,
    monthly_price_cents=0,
    per_seat=False,
    purchasable=False,
    features=frozenset(),
    limits={"components_per_model": 10, "remote_solve_minutes": 0, "storage_bytes": 100 * MIB,
            "solve_memory_bytes": 0, "solve_cpu_seconds": 0, "solve_wall_seconds": 0},
)
PRO = _plan(
    id="pro",
    name="Pro",
    rank=1,
    monthly_price_cents=12900,
    per_seat=False,
    purchasable=True,
    features=frozenset({"remote_solve"}),
    limits={"components_per_model": 500, "remote_solve_minutes": 600, "storage_bytes": 20 * GIB,
            "solve_memory_bytes": 4 * GIB, "solve_cpu_seconds": 1800, "solve_wall_seconds": 1800},
)
ADVANCED = _plan(
    id="advanced",
    name="Advanced",
    rank=2,
    monthly_price_cents=29900,
    per_seat=True,
    purchasable=True,
    features=frozenset(FEATURES),
    limits={
        "components_per_model": None,
        "remote_solve_minutes": 3000,
        "storage_bytes": 200 * GIB,
        "solve_memory_bytes": 16 * GIB,
        "solve_cpu_seconds": 4 * 3600,
        "solve_wall_seconds": 4 * 3600,
    },
)

PLANS: MappingProxyType[str, Plan] = MappingProxyType(
    {p.id: p for p in sorted((FREE, PRO, ADVANCED), key=lambda p: p.rank)}
)


def get_plan(plan_id: str) -> Plan:
    """The plan with id ``plan_id`` (KeyError if unknown)."""
    return PLANS[plan_id]


def best_plan(plans: list[Plan] | tuple[Plan, ...]) -> Plan:
    """The highest-ranked of ``plans``; Free when there are none."""
    return max(plans, key=lambda p: p.rank, default=FREE)


def lowest_plan_with_feature(feature: str) -> Plan | None:
    """The cheapest plan that includes ``feature``."""
    return next((p for p in PLANS.values() if p.has(feature)), None)


def lowest_plan_allowing(name: str, amount: float) -> Plan | None:
    """The cheapest plan whose limit ``name`` admits ``amount``."""
    for plan in PLANS.values():
        value = plan.limit(name)
        if value is None or amount <= value:
            return plan
    return None


def upgrade_phrase(plan: Plan | None) -> str:
    """'the Pro plan or higher' / 'the Advanced plan' / a fallback."""
    if plan is None:
        return "a custom plan (contact sales)"
    higher = any(p.rank > plan.rank for p in PLANS.values())
    return f"the {plan.name} plan or higher" if higher else f"the {plan.name} plan"
