from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from fulian.core.apidocs import DocsView, SchemaView

urlpatterns = [
    path("", include("fulian.core.urls")),
    path("accounts/", include("fulian.accounts.urls")),
    path("orgs/", include("fulian.orgs.urls")),
    path("spreadsheets/", include("fulian.core.spreadsheets.urls")),
    path("audit/", include("fulian.audit.urls")),
    path("people/", include("fulian.people.urls")),
    path("cases/", include("fulian.cases.urls")),
    path("care/", include("fulian.care.urls")),
    path("health/", include("fulian.health.urls")),
    path("employment/", include("fulian.employment.urls")),
    path("orgbuild/", include("fulian.orgbuild.urls")),
    path("activities/", include("fulian.activities.urls")),
    path("aid/", include("fulian.aid.urls")),
    path("sms/", include("fulian.sms.urls")),
    path("publicity/", include("fulian.publicity.urls")),
    path("office/", include("fulian.office.urls")),
    path("resources/", include("fulian.resources.urls")),
    path("honours/", include("fulian.honours.urls")),
    path("reports/", include("fulian.reports.urls")),
    path("indicators/", include("fulian.indicators.urls")),
    path("assessment/", include("fulian.assessment.urls")),
    path("surveys/", include("fulian.surveys.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages in Chinese inside the site's layout (fulian/core/errors.py).
handler400 = "fulian.core.errors.bad_request"
handler403 = "fulian.core.errors.permission_denied"
handler404 = "fulian.core.errors.page_not_found"
handler500 = "fulian.core.errors.server_error"
