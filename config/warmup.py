"""Load in a web worker, before it takes its first request, what Django otherwise loads during that request.

A fresh gunicorn worker (at start, and whenever one is replaced) imports the URLconf with every app's views,
compiles each template the first time it is rendered and loads the Chinese translations on first use: about
1 s of CPU on the first request of each worker on a quiet machine, 2.5 s under load (the rehearsal's slowest
person page, docs/performance.md). `config/wsgi.py` calls `warm_up()` when the worker loads the application,
so that time is spent before the worker listens. It touches no database.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def project_templates() -> list[str]:
    """The names of the project's own templates (its `templates/` folder and each app's), not the
    third-party ones, which load with the pages that use them."""
    from django.conf import settings
    from django.template.utils import get_app_template_dirs

    root = Path(settings.BASE_DIR).resolve()
    folders = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    folders += [Path(d) for d in get_app_template_dirs("templates")]
    names = set()
    for folder in folders:
        folder = folder.resolve()
        if not folder.is_dir() or root not in folder.parents or "site-packages" in folder.parts:
            continue  # a virtualenv inside the checkout holds third-party templates too
        names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    return sorted(names)


def warm_up() -> dict[str, int]:
    """Import every URL module and compile its patterns, compile the project's templates into the cached
    loader, load the default language's translations. A template that fails to compile is logged and
    skipped (its page reports the error as before); the worker starts either way."""
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    started = time.perf_counter()
    get_resolver().reverse_dict  # noqa: B018 - imports the URLconf, compiles every pattern
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Home")
    compiled = failed = 0
    for name in project_templates():
        try:
            engines["django"].get_template(name)
            compiled += 1
        except Exception:  # a broken template must not stop the worker: its page shows the error
            failed += 1
            logger.exception("预热时模板 %s 无法编译", name)
    ms = round((time.perf_counter() - started) * 1000)
    logger.info("web 进程预热完成：模板 %d 个（失败 %d），%d ms", compiled, failed, ms)
    return {"templates": compiled, "failed": failed, "ms": ms}
