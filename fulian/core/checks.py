"""Start-up checks of core's contracts (run by `manage.py check`, migrate, runserver and the test suite)."""

from __future__ import annotations

from django.core.checks import Error

from . import roles


def capability_tables(app_configs=None, **kwargs) -> list[Error]:
    """Each app's capabilities.py grants only capabilities it declares, to roles that exist; no capability
    is declared by two apps."""
    return [
        Error(problem, hint="每个应用的权限表在 fulian/<应用>/capabilities.py。", id="core.E001")
        for problem in roles.PROBLEMS
    ]
