"""Writes for reports: summary drafts (create, regenerate keeping edits, edit a paragraph), plan items."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.periods import Period
from fulian.core.scoping import require
from fulian.core.summary import plain

from .models import PlanItem, SummaryDraft, SummaryParagraph, SummaryStatus
from .summary.generator import generate, summary_title


def runs_in_background(unit) -> bool:
    """County-level (and higher) summaries read every town's records: generate them in the background."""
    from fulian.orgs.models import Level

    return unit.level <= Level.COUNTY


@transaction.atomic
def summary_create(
    *, user, unit, period: Period, kind: str = "annual", background: bool | None = None
) -> SummaryDraft:
    """A new draft for the unit and period: generated at once, or queued for the task worker."""
    require(user, "reports.summary", unit)
    draft = SummaryDraft(
        unit=unit,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        title=summary_title(unit, period, kind),
        signature=f"{unit.name}妇联",
        signed_on=timezone.localdate(),
        created_by=user,
    )
    if background is None:
        background = runs_in_background(unit)
    if background:
        draft.status, draft.progress = SummaryStatus.PENDING, 0
    draft.full_clean()
    draft.save()
    if background:
        from .tasks import summary_generate_task

        transaction.on_commit(lambda: summary_generate_task.enqueue(draft.pk, user.pk, True))
        return draft
    return summary_regenerate(user=user, draft=draft, keep_edits=True)


@transaction.atomic
def summary_regenerate(*, user, draft: SummaryDraft, keep_edits: bool = True) -> SummaryDraft:
    """Recompute every paragraph from the records. Edited paragraphs keep the person's text unless
    `keep_edits` is False; an edited paragraph whose data has gone is kept and flagged, not deleted."""
    require(user, "reports.summary", draft)
    period = Period(draft.period_start, draft.period_end, "year" if draft.kind == "annual" else "half")

    def progress(done: int, total: int) -> None:
        if draft.status == SummaryStatus.PENDING and total:
            SummaryDraft.objects.filter(pk=draft.pk).update(progress=min(99, done * 100 // total))

    generated = generate(user=user, unit=draft.unit, period=period, kind=draft.kind, progress=progress)
    existing = {p.key: p for p in draft.paragraphs.all()}
    fields = ["part", "area", "heading", "order", "generated_text", "is_stale", "edited_text"]
    new, changed = [], []
    for g in generated:
        p = existing.pop(g.key, None) or SummaryParagraph(draft=draft, key=g.key)
        p.part, p.area, p.heading, p.order = g.part, g.area, g.heading, g.order
        p.generated_text, p.is_stale = g.text, False
        if not keep_edits:
            p.edited_text = None
        (changed if p.pk else new).append(p)
    # what is left in `existing` has no data any more: kept and flagged if edited, else removed
    gone = [p for p in existing.values() if not (keep_edits and p.is_edited)]
    for p in existing.values():
        p.is_stale = True
    # Generated text is written in bulk (no change-history rows: it is derived); a person's edits go
    # through paragraph_edit, which is audited.
    SummaryParagraph.objects.bulk_create(new)
    SummaryParagraph.objects.bulk_update(changed + [p for p in existing.values() if p not in gone], fields)
    SummaryParagraph.objects.filter(pk__in=[p.pk for p in gone]).delete()
    draft.generated_at = timezone.now()
    draft.status, draft.progress, draft.error = SummaryStatus.READY, 100, ""
    draft.save(update_fields=["generated_at", "status", "progress", "error", "updated_at"])
    return draft


def summary_generate_in_background(*, draft_id: int, user_id: int, keep_edits: bool) -> None:
    """The task's body: regenerate, and on failure leave a readable message on the draft."""
    from django.contrib.auth import get_user_model

    draft = SummaryDraft.objects.select_related("unit").get(pk=draft_id)
    user = get_user_model().objects.get(pk=user_id)
    try:
        summary_regenerate(user=user, draft=draft, keep_edits=keep_edits)
    except Exception as exc:
        SummaryDraft.objects.filter(pk=draft_id).update(
            status=SummaryStatus.FAILED, error=f"生成失败：{exc}"[:500]
        )
        raise


@transaction.atomic
def paragraph_edit(*, user, paragraph: SummaryParagraph, text: str | None) -> SummaryParagraph:
    """Set the person's own text for a paragraph; None (or the generated text unchanged) reverts."""
    require(user, "reports.summary", paragraph.draft)
    text = None if text is None else text.strip()
    if text == "":
        raise ValidationError({"text": "段落内容不能为空；如不需要该段，请使用“删除”"})
    if text is not None and text == plain(paragraph.generated_text):
        text = None
    paragraph.edited_text = text
    paragraph.save(update_fields=["edited_text"])
    return paragraph


@transaction.atomic
def summary_update_header(
    *, user, draft: SummaryDraft, title: str, signature: str, signed_on
) -> SummaryDraft:
    require(user, "reports.summary", draft)
    draft.title, draft.signature, draft.signed_on = title.strip(), signature.strip(), signed_on
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def plan_item_save(*, user, item: PlanItem) -> PlanItem:
    require(user, "reports.plan_change", item.unit)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_delete(*, user, item: PlanItem) -> None:
    require(user, "reports.plan_change", item)
    item.delete()
