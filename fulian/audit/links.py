"""Links from the change history to the records it names: only where the record still exists and the
viewer may open it (the same capability and scoping as its own page), one query per model on a page."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from fulian.core.scoping import scope_for, visible

# model label (lower case) → (detail URL name, capability its page asks for)
DETAIL_PAGES = {
    "orgs.orgunit": ("orgs:unit", "orgs.view"),
    "people.person": ("people:detail", "people.view"),
    "activities.activity": ("activities:detail", "activities.view"),
    "aid.programme": ("aid:programme", "aid.view"),
    "aid.application": ("aid:application", "aid.view"),
    "aid.notice": ("aid:notice", "aid.view"),
    "care.pairing": ("care:pairing_detail", "care.view"),
    "health.campaign": ("health:campaign_detail", "health.view"),
    "health.screening": ("health:screening_detail", "health.view"),
    "employment.training": ("employment:training_detail", "employment.view"),
    "employment.jobfair": ("employment:fair_detail", "employment.view"),
    "employment.entrepreneur": ("employment:entrepreneur_detail", "employment.view"),
    "assessment.assessment": ("assessment:detail", "assessment.view"),
    "assessment.sheet": ("assessment:sheet", "assessment.view"),
    "assessment.rubric": ("assessment:rubric", "assessment.manage"),
    "assessment.crosscheck": ("assessment:cross_check", "assessment.manage"),
    "surveys.questionnaire": ("surveys:detail", "surveys.view"),
    "reports.summarydraft": ("reports:summary_detail", "reports.summary"),
}


def object_links(user, entries) -> dict[int, str]:
    """{entry id: URL of its record} for the entries whose record exists and the user may open."""
    wanted: dict[type, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    scope = scope_for(user)
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        page = DETAIL_PAGES.get(model._meta.label_lower) if model is not None else None
        if page is None or not entry.object_id or not scope.has(page[1]):
            continue
        wanted[model][str(entry.object_id)].append(entry.pk)
    links: dict[int, str] = {}
    for model, by_key in wanted.items():
        url_name, capability = DETAIL_PAGES[model._meta.label_lower]
        keys = [k for k in by_key if k.isdigit()]
        found = visible(user, model, capability).filter(pk__in=keys).values_list("pk", flat=True)
        for pk in found:
            url = reverse(url_name, args=[pk])
            for entry_id in by_key[str(pk)]:
                links[entry_id] = url
    return links
