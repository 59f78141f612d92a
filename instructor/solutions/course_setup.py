"""The solution notebooks' ``import course_setup``: runs the students' ``notebooks/course_setup.py``,
which puts the course's folder first on the import path and checks the packages."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "notebooks" / "course_setup.py"), run_name="course_setup")
