"""The app's settings, read from settings.FULIAN with the defaults of docs/orgbuild.md (the method of seat
allocation, the 差额 ratio, the term, how early a term's end is announced, the age of an adult)."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "ORGBUILD_SEAT_METHOD": "largest_remainder",
    "ORGBUILD_RATIO_PERCENT": 20,
    "ORGBUILD_TERM_YEARS": 5,
    "ORGBUILD_REMIND_DAYS": 180,
    "ORGBUILD_ADULT_AGE": 18,
}


def get(name: str):
    return getattr(settings, "FULIAN", {}).get(name, DEFAULTS[name])
