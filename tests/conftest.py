"""Shared test settings: hypothesis profiles sized for a 2-core CI machine.

On CI (CI=true) hypothesis draws the same examples every run, so a red build always means a
change broke something, never that a new random example turned up; locally it explores.
"""

import os

from hypothesis import settings

settings.register_profile("otlab", max_examples=60, deadline=None)
settings.register_profile("otlab-ci", parent=settings.get_profile("otlab"), derandomize=True)
settings.load_profile("otlab-ci" if os.environ.get("CI") else "otlab")
