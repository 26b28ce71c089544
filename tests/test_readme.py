"""Every `$ kg …` example in the README runs and prints what the README shows."""

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import run_kg

README = Path(__file__).resolve().parent.parent / "README.md"


def examples() -> list[tuple[str, list[str]]]:
    """(command, expected lines) pairs from ```console blocks; a line "…" ends what is compared."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            if "…" in output:
                output = output[: output.index("…")]
            found.append((command, output))
    return found


def test_the_readme_has_examples():
    assert len(examples()) >= 5


def test_readme_examples_run_as_printed(tmp_path):
    for command, expected in examples():
        argv = shlex.split(command)
        assert argv[0] == "kg", command
        result = run_kg(*argv[1:], cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        lines = [line.rstrip() for line in result.stdout.splitlines()]
        assert lines[: len(expected)] == expected, command


@pytest.mark.parametrize("command", ["pip install .", 'pip install -e ".[test]"'])
def test_the_two_set_up_commands_are_in_the_readme_and_ci(command):
    text = README.read_text(encoding="utf-8")
    assert command in text
    ci = (README.parent / ".ci" / "run").read_text()
    test_line = next(line for line in text.splitlines() if 'pip install -e ".[test]"' in line)
    assert test_line in ci
