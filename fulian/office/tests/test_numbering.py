"""Document numbers: the series' prefix and yearly numbering, unique and gapless — in sequence, after a
failed save, across years, and (on PostgreSQL) with several users numbering at once."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from fulian.office import services
from fulian.office.models import Document, NumberCounter

pytestmark = pytest.mark.django_db
DAY = datetime.date(2027, 3, 1)


def test_numbers_follow_the_series_and_the_year(cast, county_series):
    made = [
        services.document_send(user=cast.county_user, series=county_series, title=f"文{i}", dated_on=DAY)
        for i in range(3)
    ]
    assert [d.number for d in made] == ["万妇发〔2027〕1号", "万妇发〔2027〕2号", "万妇发〔2027〕3号"]
    last_year = services.document_send(
        user=cast.county_user, series=county_series, title="去年补登", dated_on=datetime.date(2026, 12, 31)
    )
    assert last_year.number == "万妇发〔2026〕1号"  # each year starts again at 1
    new_year_eve = services.document_send(
        user=cast.county_user, series=county_series, title="x", dated_on=DAY
    )
    assert new_year_eve.number == "万妇发〔2027〕4号"


def test_a_document_that_fails_gives_its_number_back(cast, county_series):
    services.document_send(user=cast.county_user, series=county_series, title="一", dated_on=DAY)

    def fails_after_numbering():
        with transaction.atomic():
            services.document_send(user=cast.county_user, series=county_series, title="二", dated_on=DAY)
            raise RuntimeError("断电")

    with pytest.raises(RuntimeError, match="断电"):
        fails_after_numbering()
    with pytest.raises(ValidationError) as future:
        services.document_send(
            user=cast.county_user, series=county_series, title="三", dated_on=datetime.date(2027, 6, 16)
        )
    assert future.value.message_dict["dated_on"] == ["成文日期不能晚于今天"]
    again = services.document_send(user=cast.county_user, series=county_series, title="二", dated_on=DAY)
    assert again.number == "万妇发〔2027〕2号"
    assert NumberCounter.objects.get(series=county_series, year=2027).last == 2


def test_an_inactive_series_or_an_outsider_gets_no_number(cast, county_series):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="无权"):
        services.document_send(user=cast.chair_a, series=county_series, title="x", dated_on=DAY)
    county_series.is_active = False
    county_series.save()
    with pytest.raises(ValidationError) as stopped:
        services.document_send(user=cast.county_user, series=county_series, title="x", dated_on=DAY)
    assert stopped.value.message_dict["series"] == ["发文字号「万妇发」已停用"]
    assert not Document.objects.exists()


def test_a_prefix_is_used_once(cast, county_series):
    with pytest.raises(ValidationError) as twice:
        services.series_create(user=cast.chair_a, unit=cast.town_a, prefix="万妇发")
    assert twice.value.message_dict["prefix"] == ["发文字号前缀「万妇发」已被使用"]


WORKERS, EACH = 6, 5


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks and one writer at a time: its threads would fail with 'database is "
    "locked' rather than wait (the sequential tests above run on both)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_is_unique_and_gapless_on_postgresql(cast, county_series):
    """Six users number five documents each at the same moment, one of them failing once after taking a
    number: the 30 saved documents have the numbers 1…30, each once."""
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                if k == 0 and i == 2:
                    try:
                        with transaction.atomic():
                            services.document_send(
                                user=cast.county_user, series=county_series, title="作废", dated_on=DAY
                            )
                            raise RuntimeError("rolled back")
                    except RuntimeError:
                        pass
                services.document_send(
                    user=cast.county_user, series=county_series, title=f"{k}-{i}", dated_on=DAY
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    seqs = sorted(Document.objects.filter(series=county_series).values_list("seq", flat=True))
    assert seqs == list(range(1, WORKERS * EACH + 1))
    assert NumberCounter.objects.get(series=county_series, year=2027).last == WORKERS * EACH
