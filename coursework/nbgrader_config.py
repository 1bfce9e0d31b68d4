"""nbgrader settings for otlab's problem sets. Run nbgrader from this folder: it is the course root."""

import os

c = get_config()  # noqa: F821 (nbgrader provides get_config when it loads this file)

c.CourseDirectory.course_id = "otlab"
# The folder of this file, wherever nbgrader or JupyterLab's formgrader is started from.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Each source notebook has a jupytext twin (<notebook>.py) holding the solutions in plain text.
# Never copy it into the student release or the autograded folders.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# Problem set 3 trains small critics; give each cell more than nbgrader's default 30 s.
c.Execute.timeout = 120
