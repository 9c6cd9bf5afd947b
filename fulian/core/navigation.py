"""The main menu. Apps add their entries with `register()` in AppConfig.ready(); an entry shows only to
users whose roles grant its capability somewhere."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .scoping import scope_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    order: int = 100


_ITEMS: list[NavItem] = [NavItem("首页", "core:home", "", 0)]


def register(label: str, url_name: str, capability: str, order: int = 100) -> None:
    if all(i.url_name != url_name for i in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, capability, order))
        _ITEMS.sort(key=lambda i: i.order)


def menu_for(user) -> list[dict]:
    scope = scope_for(user)
    items = []
    for item in _ITEMS:
        if item.capability and not scope.has(item.capability):
            continue
        try:
            items.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
        except NoReverseMatch:
            continue
    return items
