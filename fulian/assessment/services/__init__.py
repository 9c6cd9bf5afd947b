"""Every write of the assessment: rubric versions, settings, groups, scores and the sheet workflow,
cross-checks, draws, meetings, publication and appeals. Atomic, validated, refused in Chinese.

One module per part; everything is importable from `fulian.assessment.services` as before."""

from .common import *  # noqa: F403
from .common import _dec, _require  # noqa: F401
from .draws import *  # noqa: F403
from .draws import _women_by_village  # noqa: F401
from .publication import *  # noqa: F403
from .rubrics import *  # noqa: F403
from .sheets import *  # noqa: F403
