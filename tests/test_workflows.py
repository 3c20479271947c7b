"""The GitHub workflow and pull-request template: structure, pinned actions, the right steps."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_is_a_workflow():
    assert WORKFLOWS


def test_workflows_are_well_formed():
    for path in WORKFLOWS:
        workflow = load(path)
        assert {"name", "on", "jobs"} <= set(workflow), path.name
        for name, job in workflow["jobs"].items():
            assert "runs-on" in job and job.get("steps"), f"{path.name}: job {name}"
            for step in job["steps"]:
                assert ("uses" in step) != ("run" in step), f"{path.name}: {step}"
            for need in job.get("needs", []) if isinstance(job.get("needs"), list) else [
                    job.get("needs")] if job.get("needs") else []:
                assert need in workflow["jobs"], f"{path.name}: unknown job {need}"


def test_actions_are_pinned_to_versions():
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})",
                                    step["uses"]), step["uses"]


def test_pull_requests_run_check_build_tests_and_upload_the_site():
    workflow = load(ROOT / ".github" / "workflows" / "site.yml")
    assert "pull_request" in workflow["on"]
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "mkdocs-scholar check --strict" in runs
    assert "mkdocs build --strict" in runs
    assert "python3 -m pytest" in runs
    assert "chromium" in runs  # the browser tests must run, not be skipped
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith(
        "actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"].rstrip("/") == "site"


def test_main_deploys_to_pages():
    workflow = load(ROOT / ".github" / "workflows" / "site.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"]["pages"] == "write"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    # The build knows the published address, for canonical links and the sitemap.
    names = [s.get("id") or s.get("name") for s in deploy["steps"]]
    build = next(s for s in deploy["steps"] if s.get("name") == "Build")
    assert names.index("pages") < names.index("Build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    # The published site offers each language's PDF.
    assert build["env"]["SCHOLAR_PDF"] == "true"
    installs = " ".join(s.get("run", "") for s in deploy["steps"])
    assert "[search,pdf]" in installs and "fonts-liberation" in installs


def test_ci_builds_the_site_with_its_pdfs():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "SCHOLAR_PDF=true python3 -m mkdocs build --strict" in script
    assert "[search,pdf]" in script and "fonts-liberation" in script


def test_pull_request_template_has_a_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 5
    assert "mkdocs-scholar check" in text
