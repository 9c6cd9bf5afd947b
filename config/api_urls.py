"""All API routes under /api/v1/. Each app contributes its routes from its api.py."""

from rest_framework.routers import DefaultRouter

from fulian.accounts.api import register as _accounts_api
from fulian.activities.api import register as _activities_api
from fulian.aid.api import register as _aid_api
from fulian.assessment.api import register as _assessment_api
from fulian.care.api import register as _care_api
from fulian.cases.api import register as _cases_api
from fulian.employment.api import register as _employment_api
from fulian.health.api import register as _health_api
from fulian.honours.api import register as _honours_api
from fulian.office.api import register as _office_api
from fulian.orgbuild.api import register as _orgbuild_api
from fulian.orgs.api import register as _orgs_api
from fulian.people.api import register as _people_api
from fulian.publicity.api import register as _publicity_api
from fulian.reports.api import register as _reports_api
from fulian.resources.api import register as _resources_api
from fulian.sms.api import register as _sms_api
from fulian.surveys.api import register as _surveys_api

router = DefaultRouter()

for _register in (
    _orgs_api,
    _people_api,
    _cases_api,
    _accounts_api,
    _care_api,
    _health_api,
    _employment_api,
    _orgbuild_api,
    _activities_api,
    _aid_api,
    _publicity_api,
    _office_api,
    _resources_api,
    _honours_api,
    _reports_api,
    _assessment_api,
    _surveys_api,
    _sms_api,
):
    _register(router)

urlpatterns = router.urls
