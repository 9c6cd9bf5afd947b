import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if os.environ.get("FULIAN_WARM_UP", "true").lower() not in ("0", "false", "no"):
    from config.warmup import warm_up

    warm_up()  # before this worker takes its first request (config/warmup.py)
