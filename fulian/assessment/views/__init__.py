"""The assessment pages, one module per part; `views.<name>` as the URLconf uses them."""

from .assessments import *  # noqa: F403
from .draws import *  # noqa: F403
from .results import *  # noqa: F403
from .rubrics import *  # noqa: F403
from .sheets import *  # noqa: F403
