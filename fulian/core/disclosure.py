"""The disclosure rule: personal data (a full ID number, a mobile, a minor's address, a sensitive category,
a screening result) are shown in full on a row only when the capability that unmasks them holds on THAT
row's unit — never because it holds somewhere else.

Rows of a list come from the view scope, which can be wider than the unmask scope: a village chair of one
village who is also a committee member of another town sees that town's people, but may unmask only in her
village. So every export, print and API list that can show such a field asks a `Disclosure` about each row
(`allows(path)`: her grant paths are computed once, each row's path tested by prefix), and writes what it
showed in full to the access log (`log`): one entry per unit whose rows were disclosed, naming how many and
which; when nothing was shown in full, one entry saying the output was masked.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Q

from .models import AccessLog
from .scoping import scope_for

IDS_IN_LOG = 40  # record numbers named per access-log entry (the count is always exact)


class Disclosure:
    """Per-row decisions for one response (an export, a printed list, an API page)."""

    def __init__(self, user, capability: str) -> None:
        self.user = user
        self.capability = capability
        self._scope = scope_for(user)
        self.total = 0
        self.shown: Counter[str | None] = Counter()  # unit path -> rows shown in full
        # unit path -> the first IDS_IN_LOG of their keys
        self.keys: dict[str | None, list] = defaultdict(list)

    def may(self, path: str | None) -> bool:
        """The decision alone, without counting (for a field shown again on the same row)."""
        return bool(self.capability) and self._scope.covers(self.capability, path)

    def allows(self, path: str | None, key=None) -> bool:
        """Decide one row (by its unit's path) and count it."""
        self.total += 1
        ok = self.may(path)
        if ok:
            self.shown[path] += 1
            if key is not None and len(self.keys[path]) < IDS_IN_LOG:
                self.keys[path].append(key)
        return ok

    def q(self, path_field: str) -> Q:
        """The same rule as a database filter: rows whose `path_field` lies where the capability holds.
        Safe to combine with `|` (an empty Q would drop out of an OR, so "everywhere" is an explicit
        match-all)."""
        if not self.capability:
            return Q(pk__in=[])
        if self._scope.everywhere(self.capability):
            return ~Q(pk__in=[])
        return self._scope.q(self.capability, path_field)

    @property
    def count_shown(self) -> int:
        return sum(self.shown.values())

    def log(
        self,
        *,
        action: str,
        target_type: str,
        target_label: str,
        detail: str = "",
        unit=None,
        target=None,
    ) -> list[AccessLog]:
        """Write the access log of this response (see the module's docstring). `unit` is where a masked
        output is recorded (default: the user's first home unit); `detail` is appended to each entry."""
        from .services import current_ip
        from .tree import unit_model

        user = self.user if getattr(self.user, "is_authenticated", False) else None
        masked = self.total - self.count_shown
        common = {"user": user, "action": action, "target_type": target_type, "ip": current_ip()}
        if target is not None:
            common["target_id"] = str(target.pk)
        label = target_label[:100]
        if not self.shown:
            home = unit or self._scope.units(self.capability or "").first()
            text = "个人信息已脱敏" if self.capability else ""
            entry = AccessLog(
                **common,
                target_label=label,
                unit=home,
                unit_path=getattr(home, "path", "") or "",
                detail=_join(text, detail),
            )
            entry.save()
            return [entry]
        units = {u.path: u for u in unit_model().objects.filter(path__in=list(self.shown))}
        entries = []
        for path, count in sorted(self.shown.items()):
            named = [str(k) for k in self.keys[path]]
            text = f"{count} 行含完整个人信息"
            if masked:
                text += f"（另有 {masked} 行已脱敏）"
            if named:
                text += "，记录编号 " + ",".join(named) + ("…" if count > len(named) else "")
            entries.append(
                AccessLog(
                    **common,
                    target_label=label,
                    unit=units.get(path),
                    unit_path=path,  # type: ignore[misc]  # None only for a superuser's row without a unit
                    detail=_join(text, detail),
                )
            )
        return AccessLog.objects.bulk_create(entries)


def _join(text: str, detail: str) -> str:
    return "：".join(part for part in (detail, text) if part)[:500]
