"""The notebooks run clean top to bottom, and the committed .ipynb matches its script."""

import importlib.util
from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
spec = importlib.util.spec_from_file_location("execute_notebooks", NOTEBOOKS / "execute.py")
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)


def code_sources(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("script", runner.scripts(), ids=lambda p: p.name)
def test_notebook_runs_and_is_committed_with_outputs(script):
    executed = runner.execute(script)
    outputs = [cell.outputs for cell in executed.cells if cell.cell_type == "code"]
    assert all(output.get("output_type") != "error" for cell in outputs for output in cell)
    committed = jupytext.read(script.with_suffix(".ipynb"))
    assert code_sources(committed) == code_sources(executed), "re-run python notebooks/execute.py"
    assert all(cell.outputs for cell in committed.cells if cell.cell_type == "code" and cell.source.strip())
    text = str(executed)
    assert "Iyad Ag Ghaly" in text and "Abu Hamza al-Qurashi" in text
