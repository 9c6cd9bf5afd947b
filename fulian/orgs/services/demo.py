"""The demo: 万源市 with its real towns and villages, zones, 村民小组, federations and a user for every role.

`demo_load()` writes the organisation part, then calls `load(ctx)` of every optional `fulian.<app>.demo`
module, in INSTALLED_APPS order (found by `fulian.core.registry.discover`), so each later app adds its own
plausible records without touching the command; then the optional `finish(ctx)` of each, for steps that
wait on a later app's records. Everything is one transaction: a failure leaves the database empty, ready
for the next try.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from fulian.core.registry import discover
from fulian.core.roles import Role
from fulian.orgs.models import FederationMember, Level, Membership, OrgUnit, Position, Zone
from fulian.orgs.names import common_name
from fulian.orgs.services.divisions import divisions_import

DEMO_DIR = Path(settings.BASE_DIR) / "fulian" / "orgs" / "data" / "wanyuan"
COUNTY_CODE = "511781"
TOWN_A = "511781106"  # 竹峪镇, 20 villages
TOWN_Z = "511781107"  # 大竹镇, 16 villages: the second town with zones
TOWN_B = "511781001"  # 古东关街道 (communities)
VILLAGE_A1 = "511781106201"  # 包台村
VILLAGE_A2 = "511781106202"  # 大柏树村
VILLAGE_B1 = "511781001001"  # 东城社区
DEMO_PASSWORD = "wanyuan2026"  # noqa: S105 (the published demo password)
SEED = 511781


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    unit_code: str


DEMO_USERS = (
    DemoUser("admin", "王管理", Role.ADMIN, COUNTY_CODE),
    DemoUser("county", "李县妇联", Role.COUNTY_STAFF, COUNTY_CODE),
    DemoUser("assessor", "赵考核", Role.ASSESSOR, COUNTY_CODE),
    DemoUser("caseworker", "陈维权", Role.CASE_WORKER, COUNTY_CODE),
    DemoUser("town_chair", "刘竹峪", Role.TOWN_CHAIR, TOWN_A),
    DemoUser("town_staff", "张专干", Role.TOWN_STAFF, TOWN_A),
    DemoUser("town_assessor", "杨考核", Role.ASSESSOR, TOWN_A),
    DemoUser("town_caseworker", "黄维权", Role.CASE_WORKER, TOWN_A),
    DemoUser("town2_chair", "周古东", Role.TOWN_CHAIR, TOWN_B),
    DemoUser("village_chair", "吴包台", Role.VILLAGE_CHAIR, VILLAGE_A1),
    DemoUser("member", "郑执委", Role.COMMITTEE_MEMBER, VILLAGE_A1),
    DemoUser("volunteer", "孙爱心", Role.VOLUNTEER, VILLAGE_A1),
    DemoUser("village2_chair", "马大柏", Role.VILLAGE_CHAIR, VILLAGE_A2),
    DemoUser("community_chair", "朱东城", Role.VILLAGE_CHAIR, VILLAGE_B1),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万覃武钱严莫孔向汤"  # noqa: E501
GIVEN = "秀英桂兰玉兰凤英秀兰红梅丽华淑珍春梅海燕晓燕丽娟小红艳芳金凤翠花文静雪梅春燕慧敏玉梅丽萍红霞桂芳琴"


@dataclass
class DemoContext:
    """What each app's `demo.load(ctx)` gets: the demo county, its units and users, a seeded random."""

    county: OrgUnit
    towns: list[OrgUnit]
    villages: list[OrgUnit]
    users: dict[str, object]
    rng: random.Random
    today: dt.date
    log: Callable[[str], None] = print
    extra: dict = field(default_factory=dict)  # apps may leave things for later apps here

    def villages_of(self, town: OrgUnit) -> list[OrgUnit]:
        return [v for v in self.villages if v.path.startswith(town.path)]

    def unit(self, code: str) -> OrgUnit:
        return next(u for u in [self.county, *self.towns, *self.villages] if u.code == code)

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2))))


def short_name(unit: OrgUnit) -> str:
    """包台村民委员会 -> 包台村, 东城社区居民委员会 -> 东城社区 (the name people use)."""
    return common_name(unit.name)


def demo_modules() -> list[ModuleType]:
    """The `demo` module of every installed fulian app that has one with a `load`, in INSTALLED_APPS
    order."""
    return [module for _, module in discover("demo") if callable(getattr(module, "load", None))]


def run_demo_modules(ctx: DemoContext, modules: list[ModuleType], log: Callable[[str], None]) -> None:
    """Each module's `load(ctx)` in order, then the `finish(ctx)` of those that have one: the steps that
    wait for a later app's records (the published assessment is scored after the surveys demo has
    answered its questionnaire)."""
    for module in modules:
        log(f"演示数据：{module.__name__}")
        module.load(ctx)
    for module in modules:
        if callable(getattr(module, "finish", None)):
            module.finish(ctx)


def demo_is_loaded() -> bool:
    return OrgUnit.objects.exists()


@transaction.atomic
def demo_load(*, today: dt.date | None = None, log: Callable[[str], None] = print) -> DemoContext | None:
    """Load the whole demo into an empty database; return None (and write nothing) when units exist."""
    if demo_is_loaded():
        return None
    today = today or timezone.localdate()
    validate_password(DEMO_PASSWORD)
    divisions_import(directory=DEMO_DIR, root=COUNTY_CODE, today=today)
    county = OrgUnit.objects.get(code=COUNTY_CODE)
    rng = random.Random(SEED)
    ctx = DemoContext(
        county=county,
        towns=list(OrgUnit.objects.filter(level=Level.TOWN).order_by("path")),
        villages=list(OrgUnit.objects.filter(level=Level.VILLAGE).order_by("path")),
        users={},
        rng=rng,
        today=today,
        log=log,
    )
    _zones(ctx)
    _groups(ctx)
    _federations(ctx)
    _users(ctx)
    run_demo_modules(ctx, demo_modules(), log)
    return ctx


def _zones(ctx: DemoContext) -> None:
    """Two towns get 片区 of four to six villages, each named after its first village."""
    for code, size in ((TOWN_A, 5), (TOWN_Z, 6)):
        town = ctx.unit(code)
        villages = ctx.villages_of(town)
        for start in range(0, len(villages), size):
            chunk = villages[start : start + size]
            base = short_name(chunk[0]).removesuffix("社区").removesuffix("村")
            zone = Zone(town=town, name=f"{base}片区")
            zone.full_clean()
            zone.save()
            OrgUnit.objects.filter(pk__in=[v.pk for v in chunk]).update(zone=zone)
            for v in chunk:
                v.zone = zone


def _groups(ctx: DemoContext) -> None:
    """A few 村民小组 under the first villages of 竹峪镇 (treebeard appends them after any children)."""
    for village, count in zip(ctx.villages_of(ctx.unit(TOWN_A))[2:6], (5, 4, 6, 3), strict=False):
        for n in range(1, count + 1):
            village.refresh_from_db()
            OrgUnit.objects.add_child(village, {"name": f"{'一二三四五六'[n - 1]}组", "level": Level.GROUP})


def _federations(ctx: DemoContext) -> None:
    """Federation seats with five-year terms: the county, every town, and the villages of 竹峪镇."""
    start = dt.date(ctx.today.year - 2, 3, 1)
    end = dt.date(start.year + 5, 2, 28)
    seats = [(ctx.county, [Position.CHAIR, Position.VICE_CHAIR_FULL, *[Position.VICE_CHAIR_PART] * 2])]
    seats[0][1].extend([Position.COMMITTEE] * 6)
    seats += [(t, [Position.CHAIR, Position.VICE_CHAIR_PART, *[Position.COMMITTEE] * 3]) for t in ctx.towns]
    seats += [
        (v, [Position.CHAIR, Position.COMMITTEE, Position.COMMITTEE, Position.REPRESENTATIVE])
        for v in ctx.villages_of(ctx.unit(TOWN_A))
    ]
    rows = []
    for unit, positions in seats:
        for position in positions:
            member = FederationMember(
                unit=unit,
                name=ctx.person_name(),
                position=position,
                phone=f"1{ctx.rng.choice('3589')}{ctx.rng.randrange(10**9):09d}",
                workplace=_workplace(unit, position),
                term_start=start,
                term_end=end,
            )
            member.full_clean()
            rows.append(member)
    FederationMember.objects.bulk_create(rows)


def _workplace(unit: OrgUnit, position: str) -> str:
    if position == Position.CHAIR:
        return f"{short_name(unit)}妇联主席"
    if position == Position.VICE_CHAIR_FULL:
        return f"{short_name(unit)}妇联专职副主席"
    if unit.level == Level.VILLAGE:
        return f"{short_name(unit)}村民"
    return f"{short_name(unit)}干部"


def _users(ctx: DemoContext) -> None:
    """One account per demo login, all with the published demo password (hashed once)."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    for spec in DEMO_USERS:
        user = User(username=spec.username, display_name=spec.display_name, password=password)
        user.full_clean()
        user.save()
        membership = Membership(user=user, unit=ctx.unit(spec.unit_code), role=spec.role)
        membership.full_clean()
        membership.save()
        ctx.users[spec.username] = user


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, role, unit, password) of the demo users that still have the demo password."""
    memberships = Membership.objects.filter(user__username__in=[u.username for u in DEMO_USERS])
    by_user = {m.user.username: m for m in memberships.select_related("user", "unit")}
    # The demo hashes its password once, so one check per distinct hash (not one per user) suffices.
    works: dict[str, bool] = {}
    rows = []
    for spec in DEMO_USERS:
        m = by_user.get(spec.username)
        if m is None:
            continue
        if m.user.password not in works:
            works[m.user.password] = m.user.check_password(DEMO_PASSWORD)
        if works[m.user.password]:
            rows.append((spec.username, m.get_role_display(), short_name(m.unit), DEMO_PASSWORD))
    return rows
