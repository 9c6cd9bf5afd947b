"""All API routes under /api/v1/. Each app contributes its routes from its api.py."""

from rest_framework.routers import DefaultRouter

from fulian.care.api import register as _care_api
from fulian.employment.api import register as _employment_api
from fulian.health.api import register as _health_api

router = DefaultRouter()

for _register in (_care_api, _health_api, _employment_api):
    _register(router)

urlpatterns = router.urls
