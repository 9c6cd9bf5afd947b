import pytest

from fulian.sms.gateways import ConsoleGateway


@pytest.fixture(autouse=True)
def _sms_settings(settings):
    settings.SMS = {
        **settings.SMS,
        "GATEWAY": "console",
        "CONSOLE_FILE": "",
        "RATE_PER_SECOND": 10000.0,
        "SETTLE_SECONDS": 0.0,
        "BACKOFF_SECONDS": 0.01,
        "CALLBACK_SECRET": "test-secret",
    }
    ConsoleGateway.sent.clear()
    yield
    ConsoleGateway.sent.clear()


@pytest.fixture
def make_list(cast):
    from fulian.sms import services

    def make(n: int = 3, unit=None, name: str = "通知名单"):
        lines = "\n".join(f"测试{i},1390000{i:04d}" for i in range(n))
        return services.saved_list_create(
            user=cast.county_user, unit=unit or cast.county, name=name, entries=lines
        )

    return make


@pytest.fixture
def draft(cast, make_list):
    from fulian.sms import services

    def make(n: int = 3, text: str = "{姓名}您好，请于{时间}参加培训。", **kw):
        saved = make_list(n)
        return services.message_compose(
            user=cast.county_user,
            unit=cast.county,
            text=text,
            sign_name="万源妇联",
            template_code="SMS_1001",
            variables={"时间": "6月20日"},
            audience="list",
            saved_list=saved,
            **kw,
        )

    return make


@pytest.fixture
def send(cast, django_capture_on_commit_callbacks):
    """services.message_send with the enqueued tasks run (the immediate backend runs them on commit)."""
    from fulian.sms import services

    def run(message, user=None, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return services.message_send(user=user or cast.county_user, message=message, **kw)

    return run
