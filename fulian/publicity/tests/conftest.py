import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from fulian.publicity.models import Adoption, Piece

DAY = datetime.date(2027, 3, 9)  # the suite's clock is 2027-06-15


@pytest.fixture
def pub(cast):
    """Town A: an 信息 by two authors taken by the city federation and the county TV, one by one author
    only submitted; town B: one piece taken by the county federation; the county: a video."""
    a = Piece.objects.create(
        title="竹峪镇妇联开展三八维权宣传", unit=cast.town_a, authors="王丽、张敏", written_on=DAY, text="……"
    )
    a.attachment.save("稿件.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    Adoption.objects.create(piece=a, outlet="city_fed", submitted_on=DAY, adopted_on=DAY)
    Adoption.objects.create(
        piece=a, outlet="tv_county", submitted_on=DAY, adopted_on=DAY + datetime.timedelta(1)
    )
    a2 = Piece.objects.create(
        title="青龙村开展家庭教育讲座", unit=cast.village_a1, authors="王丽", written_on=DAY, text="……"
    )
    Adoption.objects.create(piece=a2, outlet="county_fed", submitted_on=DAY)
    b = Piece.objects.create(
        title="古东关街道评选最美家庭", unit=cast.town_b, authors="孙燕", written_on=DAY, text="……"
    )
    Adoption.objects.create(piece=b, outlet="county_fed", submitted_on=DAY, adopted_on=DAY)
    c = Piece.objects.create(
        title="万源市妇联专题片",
        kind="video",
        unit=cast.county,
        authors="李晓燕",
        written_on=DAY,
        link="https://example.cn/v",
    )
    return SimpleNamespace(a=a, a2=a2, b=b, c=c, day=DAY)
