"""宣传: the publicity register. A piece (信息、简报、新闻稿、视频、专题片) is written by a unit's authors;
it is submitted to outlets (县/市/省妇联, 门户网站, 每日要情, 报刊, 电视台 by level, 新媒体) and adopted by
some of them (采用、刊登、播出). The piece copies its unit's tree path (`unit_path`); an adoption belongs
to its piece's unit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fulian.core.fields import path_index, recorded_at, table, tree_path, unique, unit_link, user_link
from fulian.core.ledgers import copy_unit_path

UNIT = "orgs.OrgUnit"


class Kind(models.TextChoices):
    INFO = "info", "信息"
    BRIEF = "brief", "简报"
    PRESS = "press", "新闻稿"
    VIDEO = "video", "视频"
    FEATURE = "feature", "专题片"


class Outlet(models.TextChoices):
    COUNTY_FED = "county_fed", "县妇联"
    CITY_FED = "city_fed", "市妇联"
    PROVINCE_FED = "province_fed", "省妇联"
    PORTAL = "portal", "门户网站"
    DAILY = "daily", "每日要情"
    PRESS = "press", "报刊"
    TV_COUNTY = "tv_county", "县电视台"
    TV_CITY = "tv_city", "市电视台"
    TV_PROVINCE = "tv_province", "省电视台"
    NEW_MEDIA = "new_media", "新媒体"


# How the summary says that an outlet took a piece: (verb phrase before, measure word).
OUTLET_VERBS = {
    Outlet.COUNTY_FED: ("被县妇联采用", "条"),
    Outlet.CITY_FED: ("被市妇联采用", "条"),
    Outlet.PROVINCE_FED: ("被省妇联采用", "条"),
    Outlet.PORTAL: ("被门户网站采用", "条"),
    Outlet.DAILY: ("被《每日要情》采用", "条"),
    Outlet.PRESS: ("在报刊刊登", "篇"),
    Outlet.TV_COUNTY: ("县电视台播出", "条"),
    Outlet.TV_CITY: ("市电视台播出", "条"),
    Outlet.TV_PROVINCE: ("省电视台播出", "条"),
    Outlet.NEW_MEDIA: ("新媒体发布", "条"),
}


def piece_file_path(instance: Piece, filename: str) -> str:
    return f"publicity/{instance.written_on:%Y/%m}/{filename}"


class Piece(models.Model):
    title = models.CharField("标题", max_length=150)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.INFO)
    unit = unit_link("单位")
    unit_path = tree_path()
    authors = models.CharField("作者", max_length=100, help_text="多位作者用顿号分隔")
    written_on = models.DateField("撰写日期")
    text = models.TextField("正文", blank=True)
    link = models.URLField("链接", blank=True, max_length=300)
    attachment = models.FileField("附件", upload_to=piece_file_path, blank=True, max_length=255)
    created_by = user_link(blank=True)
    created_at = recorded_at(None)

    scope_path_field = "unit_path"

    Meta = table(
        "宣传稿件",
        ordering=["-written_on", "-id"],
        indexes=[path_index("unit_path", "written_on", "publicity_piece_path_date")],
    )

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        copy_unit_path(self, "unit", "unit_path")
        super().save(*args, **kwargs)

    def author_names(self) -> list[str]:
        return split_authors(self.authors)


def split_authors(text: str) -> list[str]:
    for sep in (",", "，", ";", "；", " ", "/"):
        text = text.replace(sep, "、")
    return [a.strip() for a in text.split("、") if a.strip()]


class Adoption(models.Model):
    """A piece sent to one outlet (报送) and, once it is taken, its adoption (采用/刊登/播出)."""

    piece = models.ForeignKey(Piece, verbose_name="稿件", on_delete=models.CASCADE, related_name="adoptions")
    outlet = models.CharField("报送渠道", max_length=15, choices=Outlet.choices)
    outlet_name = models.CharField(
        "媒体名称", max_length=100, blank=True, help_text="如 达州日报、万源电视台"
    )
    submitted_on = models.DateField("报送日期")
    adopted_on = models.DateField("采用日期", null=True, blank=True, help_text="未采用的留空")

    scope_path_field = "piece__unit_path"

    Meta = table(
        "报送与采用",
        ordering=["submitted_on", "id"],
        constraints=[
            unique("piece", "outlet", name="publicity_adoption_once", message="这篇稿件已报送过该渠道"),
            models.CheckConstraint(
                condition=models.Q(adopted_on__isnull=True)
                | models.Q(adopted_on__gte=models.F("submitted_on")),
                name="publicity_adopted_after_submitted",
            ),
        ],
        indexes=[models.Index(fields=["outlet", "adopted_on"], name="publicity_adoption_outlet")],
    )

    def __str__(self) -> str:
        return f"{self.piece} → {self.get_outlet_display()}"

    def clean(self) -> None:
        if self.adopted_on and self.submitted_on and self.adopted_on < self.submitted_on:
            raise ValidationError({"adopted_on": "采用日期不能早于报送日期"})
