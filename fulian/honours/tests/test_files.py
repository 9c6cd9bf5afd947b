"""Supporting files of a nomination: the upload checks (type, size at its limit, content against the
type) with Chinese messages naming the field, the list on the nomination page, downloads only for those
who may see the nomination (logged when the file holds personal data), deletion before the decision;
the four access checks of every page and API call."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fulian.core.models import AccessLog
from fulian.core.tests.pages import post_four_ways
from fulian.honours import services, services_support
from fulian.honours.models import NominationFile

from .factories import make_campaign, make_person

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
PDF = b"%PDF-1.4\n%%EOF\n"


def png(name="照片.png", size=None):
    body = PNG if size is None else PNG + b"\x00" * (size - len(PNG))
    return SimpleUploadedFile(name, body, content_type="image/png")


@pytest.fixture
def nom(cast, clock):
    clock.set(D(2027, 2, 1))
    campaign = make_campaign(cast, "三八红旗手", close=D(2027, 2, 20))
    return services.nomination_submit(
        user=cast.vchair_a1,
        campaign=campaign,
        nominated_by=cast.village_a1,
        person=make_person(cast.village_a1),
        deeds="带头致富",
    )


def add(cast, nom, upload, category="deeds", user=None):
    return services_support.file_add(
        user=user or cast.vchair_a1, nomination=nom, upload=upload, category=category
    )


def test_a_file_is_stored_listed_and_downloaded_with_a_log(cast, nom, login):
    f = add(cast, nom, SimpleUploadedFile("事迹材料.pdf", PDF))
    assert (f.name, f.size, f.personal, f.uploaded_by) == ("事迹材料.pdf", len(PDF), True, cast.vchair_a1)
    page = login(cast.member_a1).get(reverse("honours:nomination", args=[nom.pk])).content.decode()
    assert "事迹材料.pdf" in page
    assert "推荐材料" in page
    assert 'enctype="multipart/form-data"' not in page  # a committee member may not upload
    response = login(cast.member_a1).get(reverse("honours:file", args=[f.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    log = AccessLog.objects.get(target_type="honours.nomination")
    assert (log.user, log.target_id, log.detail) == (
        cast.member_a1,
        str(nom.pk),
        "下载推荐材料：事迹材料.pdf",
    )


def test_a_collective_files_unmarked_download_is_not_logged(cast, clock):
    clock.set(D(2027, 2, 1))
    campaign = make_campaign(cast, "三八红旗集体", close=D(2027, 2, 20))
    n = services.nomination_submit(
        user=cast.chair_a,
        campaign=campaign,
        nominated_by=cast.town_a,
        holder_name="竹峪镇卫生院妇产科",
        staff_total=10,
        staff_women=8,
        deeds="服务群众",
    )
    f = services_support.file_add(
        user=cast.chair_a, nomination=n, upload=png(), category="photo", personal=False
    )
    assert f.personal is False
    client = Client()
    client.force_login(cast.staff_a)
    assert client.get(reverse("honours:file", args=[f.pk])).status_code == 200
    assert not AccessLog.objects.exists()


def test_refusals_name_the_field_and_the_file(cast, nom, settings):
    with pytest.raises(ValidationError) as exc:
        add(cast, nom, SimpleUploadedFile("工具.exe", b"MZ\x90\x00"))
    assert list(exc.value.message_dict) == ["upload"]
    assert exc.value.message_dict["upload"][0].startswith("推荐材料“工具.exe”的类型不允许")
    with pytest.raises(ValidationError) as exc:
        add(cast, nom, SimpleUploadedFile("照片.png", PDF), category="photo")
    assert exc.value.message_dict == {"upload": ["推荐材料“照片.png”的内容与扩展名 .png 不符"]}
    with pytest.raises(ValidationError) as exc:  # a photo must be an image
        add(cast, nom, SimpleUploadedFile("推荐表.pdf", PDF), category="photo")
    assert exc.value.message_dict["upload"][0].startswith("推荐材料“推荐表.pdf”的类型不允许，只接受：jpg")
    settings.FULIAN = {**settings.FULIAN, "UPLOAD_MAX_MB": 1}
    add(cast, nom, png("正好1MB.png", size=1024 * 1024))  # at the limit: accepted
    with pytest.raises(ValidationError) as exc:
        add(cast, nom, png("超限.png", size=1024 * 1024 + 1))
    assert exc.value.message_dict == {"upload": ["推荐材料“超限.png”超过大小上限 1 MB"]}
    assert list(nom.files.values_list("name", flat=True)) == ["正好1MB.png"]


def test_files_change_only_before_the_decision(cast, nom):
    f = add(cast, nom, png())
    services.nomination_review(user=cast.county_user, nomination=nom, approve=True)
    message = "该推荐对象状态为“拟表彰”，已审核的推荐材料不能再增删"
    with pytest.raises(ValidationError) as exc:
        add(cast, nom, png("另一张.png"))
    assert exc.value.messages == [message]
    with pytest.raises(ValidationError) as exc:
        services_support.file_delete(user=cast.vchair_a1, file=f)
    assert exc.value.messages == [message]
    assert NominationFile.objects.filter(pk=f.pk).exists()


def test_upload_and_delete_posts_four_ways(cast, nom, login, clock):
    url = reverse("honours:file_add", args=[nom.pk])
    response = Client().post(url, {"category": "photo", "upload": png()})  # each post sends a fresh file
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(cast.chair_b).post(url, {"category": "photo", "upload": png()}).status_code == 404
    assert login(cast.member_a1).post(url, {"category": "photo", "upload": png()}).status_code == 403
    assert not nom.files.exists()
    response = login(cast.vchair_a1).post(url, {"category": "photo", "upload": png()})
    assert response["Location"] == reverse("honours:nomination", args=[nom.pk])
    assert list(nom.files.values_list("name", flat=True)) == ["照片.png"]
    bad = login(cast.vchair_a1).post(url, {"category": "photo", "upload": png("x.gif")}, follow=True)
    assert "推荐材料“x.gif”的内容与扩展名 .gif 不符" in bad.content.decode()
    f = nom.files.get()
    url = reverse("honours:file_delete", args=[f.pk])
    post_four_ways(login, url, {}, works_as=cast.vchair_a1, outsider=cast.chair_b, wrong_role=cast.member_a1)
    assert not nom.files.exists()


def test_download_four_ways(cast, nom, login, client):
    f = add(cast, nom, png())
    url = reverse("honours:file", args=[f.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(cast.caseworker_a).get(url).status_code == 403
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.member_a1).get(url).status_code == 200


def test_api_lists_downloads_and_deletes_four_ways(cast, nom, api_client):
    f = add(cast, nom, png())
    url = "/api/v1/honours/files/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.caseworker_a)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).json()["count"] == 0
    assert api_client.get(f"{url}{f.pk}/download/").status_code == 404
    assert api_client.delete(f"{url}{f.pk}/").status_code == 404
    api_client.force_authenticate(cast.member_a1)
    assert [r["name"] for r in api_client.get(url, {"nomination": nom.pk}).json()["results"]] == ["照片.png"]
    assert api_client.get(f"{url}{f.pk}/download/").status_code == 200
    assert AccessLog.objects.filter(user=cast.member_a1, target_type="honours.nomination").count() == 1
    assert api_client.delete(f"{url}{f.pk}/").status_code == 403
    api_client.force_authenticate(cast.vchair_a1)
    assert api_client.delete(f"{url}{f.pk}/").status_code == 204
    assert not nom.files.exists()
