"""Demo: the satisfaction questionnaire of the published assessment (`fulian/assessment/demo.py`), with
links for the drawn women and a few per village, answered — between the assessment demo's `load`, which
leaves the assessment and its draw in `ctx.extra`, and its `finish`, which scores it from the answers."""

from __future__ import annotations

from fulian.assessment.demo import TO_FINISH

from . import services as surveys


def load(ctx) -> None:
    pending = ctx.extra.get(TO_FINISH)
    if pending is None:
        return
    a, draw, town, user = pending["assessment"], pending["draw"], pending["town"], pending["user"]
    q = surveys.questionnaire_create(user=user, unit=town, title="村级妇女工作满意度调查", assessment=a)
    surveys.question_add(user=user, questionnaire=q, text="您对本村妇联工作是否满意", kind="rating")
    surveys.question_add(
        user=user,
        questionnaire=q,
        text="您参加过本村妇联组织的哪些活动",
        kind="multiple",
        options=["技能培训", "两癌筛查", "家庭教育讲座", "文艺活动"],
        required=False,
    )
    surveys.question_add(
        user=user, questionnaire=q, text="您对村妇联工作有什么意见建议", kind="text", required=False
    )
    rating = q.questions.get(kind="rating")
    links = surveys.links_for_draw(user=user, questionnaire=q, draw=draw)
    for v in draw.result["villages"][:4]:
        links += surveys.links_create(
            user=user, questionnaire=q, village=a.sheets.get(village_id=v).village, count=3
        )
    for link in links:
        surveys.response_submit(
            token=link.token, data={f"q{rating.pk}": [str(ctx.rng.choice([5, 5, 4, 4, 4, 3, 2]))]}
        )
