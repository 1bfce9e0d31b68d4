"""nbgrader settings for otlab's problem sets; run nbgrader from this folder (the course root)."""

c = get_config()  # noqa: F821 (nbgrader provides get_config when it loads this file)

c.CourseDirectory.course_id = "otlab"
c.CourseDirectory.root = "."

# Each source notebook has a jupytext twin (<notebook>.py) holding the solutions in plain text.
# Never copy it into the student release or the autograded folder.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# Problem set 3 trains a small critic; give each cell more than nbgrader's default 30 s.
c.Execute.timeout = 120
