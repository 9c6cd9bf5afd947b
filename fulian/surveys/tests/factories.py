from fulian.surveys import services
from fulian.surveys.models import Question


def make_questionnaire(cast, unit=None, assessment=None):
    q = services.questionnaire_create(
        user=cast.chair_a, unit=unit or cast.town_a, title="村级妇女工作满意度调查", assessment=assessment
    )
    services.question_add(
        user=cast.chair_a, questionnaire=q, text="您对本村妇联工作是否满意", kind=Question.Kind.RATING
    )
    services.question_add(
        user=cast.chair_a,
        questionnaire=q,
        text="您参加过哪些活动",
        kind=Question.Kind.MULTIPLE,
        options=["培训", "义诊", "文艺"],
        required=False,
    )
    services.question_add(
        user=cast.chair_a, questionnaire=q, text="意见建议", kind=Question.Kind.TEXT, required=False
    )
    return q


def answers(q, rating: int) -> dict:
    first = q.questions.get(kind="rating")
    return {f"q{first.pk}": [str(rating)]}
