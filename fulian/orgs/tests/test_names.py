"""The names people write for villages and communities (fulian/orgs/names.py)."""

import pytest

from fulian.orgs.names import common_name, common_names_in


@pytest.mark.parametrize(
    ("official", "written"),
    [
        ("包台村民委员会", "包台村"),
        ("东城社区居民委员会", "东城社区"),
        ("河东居民委员会", "河东社区"),
        ("竹峪镇", "竹峪镇"),
        ("包台村", "包台村"),
        ("", ""),
    ],
)
def test_common_name(official, written):
    assert common_name(official) == written


def test_every_committee_in_a_text_is_written_the_short_way():
    text = "东梨村民委员会作为试点，联合东城社区居民委员会和河东居民委员会开展活动，竹峪镇妇联参加。"
    assert common_names_in(text) == "东梨村作为试点，联合东城社区和河东社区开展活动，竹峪镇妇联参加。"
