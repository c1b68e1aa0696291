"""The promises the repository makes to a new user: the Quick start, the help, the documented contract."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib

from conftest import REPO

from report.figures.compute import compute_figures
from report.inputs import schema
from report.inputs.data import load_data
from report.pages import blocks


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S).group(1)
    commands = block.strip().splitlines()
    assert commands == ["bash scripts/site", "bash scripts/test"]
    assert "bash scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_library_the_site_imports_is_a_dependency_not_a_test_extra() -> None:
    """scripts/site installs the dependencies without the test extras: a library only the tests
    declared would break the first Quick start command on a fresh machine."""
    imported = set()
    for path in [*(REPO / "report").rglob("*.py"), REPO / "build.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "report"}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower().replace("_", "-")
                for spec in project["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        names = {d.lower().replace("_", "-") for d in distributions[module]}
        assert names & declared, f"report/ imports {module} but pyproject.toml's dependencies do not declare it"


def test_help_documents_the_command_line() -> None:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("benchmark", "releases", "--strict", "--english", "--quiet", "--site-url"):
        assert option in result.stdout


def test_data_readme_documents_every_file_and_column() -> None:
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for dataset in schema.DATASETS:
        section = readme.split(f"## `{dataset.file}`", 1)
        assert len(section) == 2, f"data/README.md has no section for {dataset.file}"
        body = section[1].split("\n## ", 1)[0]
        for column in dataset.columns:
            assert f"| `{column.name}` |" in body, f"{dataset.file}: column {column.name} is not documented"
            for choice in column.choices:
                assert f"`{choice}`" in body, f"{dataset.file}: value {choice} of {column.name} is not documented"


def test_content_readme_documents_every_helper_and_figure_family() -> None:
    guide = (REPO / "content" / "README.md").read_text(encoding="utf-8")
    figures = compute_figures(load_data(REPO / "data"))
    import jinja2

    from report.i18n import Formatter
    for helper in blocks.helpers(Formatter("id"), figures, {}, jinja2.Environment(), {}):
        assert f"{{{{ {helper}(" in guide, f"helper {helper} is not in content/README.md"
    from report.charts.charts import catalogue
    for name in catalogue():
        assert f'{{{{ chart("{name}") }}}}' in guide, f"chart {name} is not in content/README.md"
    families = re.compile(r"^(peserta_\d{4}_\d{2}|segmen_\w+|iuran_\w+|klaim_\d{4}_\w+|kasus_\d{4}_\w+|"
                          r"tanggal_\w+)$")
    statistics = set(figures.data["statistik"]["kode"])
    for name in figures.scalars:
        assert f"`{name}`" in guide or families.match(name) or name in statistics, f"{name} is not documented"


def test_staff_guide_documents_every_setting_and_task() -> None:
    from report.settings import describe_options

    guide = (REPO / "content" / "README.md").read_text(encoding="utf-8")
    from report.chapters.content import FRONT_MATTER_FIELDS

    for name in describe_options():
        assert f"| `{name}` |" in guide, f"setting {name} is not in the staff guide"
    for key in FRONT_MATTER_FIELDS:
        assert f"| `{key}` |" in guide, f"front matter field {key} is not in the staff guide"
    for task in ("## Menulis bab", "## Angka", "## Blok", "## Memperbarui data", "## Pratinjau", "## Terjemahan",
                 "## Jika build berhenti"):
        assert task in guide
    assert "content/README.md" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_code_passes_the_linter() -> None:
    """ruff with the project's settings (pyproject.toml), complexity limit included."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "report", "tests", "tools", "build.py"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout


def test_the_types_check() -> None:
    """mypy over the engine and the command line (settings in pyproject.toml)."""
    result = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout


def test_the_fast_subset_is_declared_and_documented() -> None:
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert {m.split(":")[0] for m in declared["markers"]} == {"slow", "browser"}
    assert "--strict-markers" in declared["addopts"]
    assert '-m "not slow and not browser"' in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_layout_names_every_engine_module() -> None:
    """The layout section is where a new engineer finds the parts: a module missing from it is hidden."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Susunan / layout"):]
    layout = layout[:layout.index("\n## ", 5)]
    parts = sorted(p.parent.name + "/" for p in (REPO / "report").glob("*/__init__.py"))
    modules = sorted(p.name for p in (REPO / "report").rglob("*.py") if p.name != "__init__.py")
    assert [name for name in parts + modules if name not in layout] == []
