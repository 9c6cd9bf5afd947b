import datetime

from fulian.activities import services
from fulian.activities.models import ActivityType, QuantityKind


def make_activity(user, unit, *, title="三八节游园活动", type_code="sanba", day=None, **kw):
    return services.activity_create(
        user=user,
        type=ActivityType.objects.get(code=type_code),
        title=title,
        start_date=day or datetime.date(2026, 3, 8),
        unit=unit,
        **kw,
    )


def kind(code):
    return QuantityKind.objects.get(code=code)
