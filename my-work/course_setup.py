"""``import course_setup`` for the notebooks you save here (File > Save Notebook As... into my-work/).

A notebook's first cell imports ``course_setup`` from the notebook's own folder; this file runs the
course's one setup, ``notebooks/course_setup.py``, which finds ``helpers/`` and checks your packages.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent.parent / "notebooks" / "course_setup.py"), run_name="course_setup")
