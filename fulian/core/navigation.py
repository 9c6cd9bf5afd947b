"""The main menu as data: groups of entries, each entry shown only to users whose roles grant its
capability somewhere.

Apps add entries with `register(label, url_name, capability, order, group=...)` in AppConfig.ready(); a new
module joins an existing group (or adds its own with `register_group()`) without touching base.html. A group
with one visible entry is shown as a plain link, a group with several as a drop-down. The entry whose address
is the longest prefix of the current page's path (and its group) is marked as the current section.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .scoping import scope_for


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    order: int


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    order: int
    group: str
    # Further path prefixes that belong to this entry's section (e.g. figure pages under statistics).
    also: tuple[str, ...] = ()


_GROUPS: dict[str, NavGroup] = {}
_ITEMS: list[NavItem] = []


def register_group(key: str, label: str, order: int) -> None:
    """Add (or relabel) a menu group. The standard groups are below; a new module may add its own."""
    _GROUPS[key] = NavGroup(key, label, order)


for _key, _label, _order in (
    ("orgs", "组织", 10),
    ("people", "服务对象", 20),
    ("ledgers", "工作台账", 30),
    ("office", "办公", 37),
    ("assessment", "考核", 40),
    ("rights", "维权", 50),
    ("reports", "统计与总结", 60),
    ("system", "系统", 90),
):
    register_group(_key, _label, _order)


def register(
    label: str, url_name: str, capability: str, order: int = 100, *, group: str, also: tuple[str, ...] = ()
) -> None:
    """Add an entry to a group (once per URL name; later calls for the same name are ignored)."""
    if group not in _GROUPS:
        raise ValueError(f"菜单分组 {group!r} 未定义：先调用 register_group()")
    if all(i.url_name != url_name for i in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, capability, order, group, also))
        _ITEMS.sort(key=lambda i: (_GROUPS[i.group].order, i.order, i.label))


def groups() -> list[NavGroup]:
    return sorted(_GROUPS.values(), key=lambda g: g.order)


def items() -> list[NavItem]:
    return list(_ITEMS)


def _prefixes(item: NavItem, url: str) -> tuple[str, ...]:
    return (url, *item.also)


def menu_for(user, path: str = "") -> list[dict]:
    """The groups this user may open, in order, each with its visible entries; the current section marked.

    Each group: {"key", "label", "items": [{"label", "url", "name", "active"}], "active"}."""
    scope = scope_for(user)
    visible: list[tuple[NavItem, str]] = []
    for item in _ITEMS:
        if item.capability and not scope.has(item.capability):
            continue
        try:
            visible.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    current = _current(visible, path)
    menu = []
    for group in groups():
        entries = [
            {"label": i.label, "url": url, "name": i.url_name, "active": i is current}
            for i, url in visible
            if i.group == group.key
        ]
        if entries:
            menu.append(
                {
                    "key": group.key,
                    "label": group.label,
                    "items": entries,
                    "active": any(e["active"] for e in entries),
                }
            )
    return menu


def _current(visible: list[tuple[NavItem, str]], path: str) -> NavItem | None:
    """The entry whose address (or extra prefix) is the longest prefix of the path; '/' only matches
    itself."""
    best, best_len = None, 0
    for item, url in visible:
        for prefix in _prefixes(item, url):
            matches = path == prefix if prefix == "/" else path.startswith(prefix)
            if matches and len(prefix) > best_len:
                best, best_len = item, len(prefix)
    return best
