"""All API routes under /api/v1/. Each app contributes its routes from its api.py."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
