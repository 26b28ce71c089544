"""Execute the notebooks from their Jupytext scripts and write them with outputs.

    python notebooks/execute.py            # rewrite every notebooks/*.ipynb

The test suite runs the same execution (tests/test_notebooks.py) without writing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    return sorted(p for p in HERE.glob("*.py") if p.name != "execute.py")


def execute(script: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel; raises on the first failing cell."""
    notebook = jupytext.read(script)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    return notebook


def main() -> int:
    for script in scripts():
        notebook = execute(script)
        nbformat.write(notebook, script.with_suffix(".ipynb"))
        print(f"wrote {script.with_suffix('.ipynb').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
