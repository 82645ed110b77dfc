"""The project's own files agree with one another: one version, one repository URL, one ruff, a changelog
that names the current version, and a plain `pytest` that needs no built book, browser, network or kernel."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import tomllib

import yaml
from packaging.requirements import Requirement

import companion

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


def test_the_version_is_written_once_in_companion():
    assert "version" not in PROJECT and "version" in PROJECT["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "companion.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", companion.__version__), companion.__version__


def test_the_changelog_opens_with_unreleased_then_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    sections = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, flags=re.M)
    assert sections[0] == ("Unreleased", ""), sections[:1]
    releases = sections[1:]
    assert releases, "no released version in CHANGELOG.md"
    assert releases[0][0] == companion.__version__, "a new __version__ needs its section in CHANGELOG.md"
    assert all(date for _, date in releases), "every released version carries its date, YYYY-MM-DD"


def test_project_urls_point_at_the_books_repository():
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    urls = PROJECT["urls"]
    assert urls
    wrong = {name: url for name, url in urls.items() if url != repository and not url.startswith(repository + "/")}
    assert not wrong, f"not under _config.yml's {repository} (run tools/set_repository.py): {wrong}"


def test_ruff_is_pinned_to_one_version_everywhere():
    pins = {
        name: re.findall(r"\bruff==([\w.]+)", (ROOT / name).read_text())
        for name in ("requirements-dev.txt", "constraints.txt", ".pre-commit-config.yaml")
    }
    assert all(pins.values()), pins
    assert len({version for versions in pins.values() for version in versions}) == 1, pins


def test_digits_has_an_optional_dependency_that_the_pinned_scikit_learn_satisfies():
    extra = [Requirement(r) for r in PROJECT["optional-dependencies"]["digits"]]
    sklearn = next(r for r in extra if r.name == "scikit-learn")
    pinned = re.search(r"^scikit-learn==(\S+)", (ROOT / "requirements.txt").read_text(), flags=re.M).group(1)
    assert sklearn.specifier.contains(pinned), (str(sklearn), pinned)


def test_plain_pytest_collects_no_test_that_needs_a_built_book_a_browser_a_network_or_a_kernel():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert any(item.startswith("companion/") for item in collected), "the docstring examples are not collected"
    assert any(item.startswith("tests/test_network.py::") for item in collected)
    slow = ("tests/browser/", "tests/binder/", "tests/test_nbval_can_fail.py", "tests/test_student_edition.py")
    assert not [item for item in collected if item.startswith(slow)]
