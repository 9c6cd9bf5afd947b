"""Finding what the apps contribute: the one discovery helper.

Most contributions are registered explicitly in each app's `AppConfig.ready()` (figures and summary
paragraphs with `fulian.core.figures.register` / `fulian.core.summary.register`, home-page counts with
`fulian.core.dashboard.register_stat`, menu entries with `fulian.core.navigation.register`), so that a
reader can follow them from the app. A few are whole modules found by name — an app's capability table
(`capabilities.py`), its import/export specs (`spreadsheet.py`) and its share of the demo (`demo.py`) —
and those are found here, by `discover(module_name)`, and nowhere else.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import AppConfig, apps

PACKAGE = "fulian."


def fulian_apps() -> list[AppConfig]:
    """The installed apps of this project, in INSTALLED_APPS order."""
    return [c for c in apps.get_app_configs() if c.name.startswith(PACKAGE)]


def discover(module_name: str) -> list[tuple[AppConfig, ModuleType]]:
    """`<app>.<module_name>` of every installed fulian app that has one, imported, in INSTALLED_APPS
    order. An app without the module is skipped; an error inside a module that exists is raised (a
    broken module never silently drops out)."""
    found = []
    for config in fulian_apps():
        name = f"{config.name}.{module_name}"
        module = sys.modules.get(name)
        if module is None:
            if find_spec(name) is None:
                continue
            module = import_module(name)
        found.append((config, module))
    return found
