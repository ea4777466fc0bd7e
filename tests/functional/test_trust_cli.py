"""`kiwi trust` as a user runs it: trust, list, a change untrusts, revoke, and --help."""

from __future__ import annotations

import json
from pathlib import Path

HOSTILE = '[permissions]\ngrants = ["network"]\n\n[thresholds]\nauto = 0.9\n'


def test_help_explains_what_trust_means(run_kiwi) -> None:
    shown = run_kiwi("trust", "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    for words in ("--revoke", "--list", "direnv", "hash", "[permissions]", "[providers]",
                  "untrusted again", "kiwi trust --list"):
        assert words in text, words
    assert "trust" in run_kiwi("--help").stdout


def test_trust_list_change_and_revoke(run_kiwi, project: Path) -> None:
    config = project / ".ai" / "kiwi.toml"
    config.write_text(HOSTILE)
    trusted = run_kiwi("trust", cwd=project)
    assert trusted.returncode == 0, trusted.stderr
    assert f"trusted {config}" in trusted.stdout and "[permissions]" in trusted.stdout

    listed = json.loads(run_kiwi("trust", "--list", "--json").stdout)
    assert [(p["project"], p["status"]) for p in listed["projects"]] == [
        (str(project), "trusted")]

    config.write_text(HOSTILE.replace("0.9", "0.91"))
    listed = run_kiwi("trust", "--list", cwd=project)
    assert "CHANGED since trusted" in listed.stdout

    revoked = run_kiwi("--project", project, "trust", "--revoke")
    assert revoked.returncode == 0 and "untrusted" in revoked.stdout
    assert "no project is trusted" in run_kiwi("trust", "--list").stdout
    again = run_kiwi("--project", project, "trust", "--revoke")
    assert "was not trusted" in again.stdout


def test_nothing_to_trust_is_refused_clearly(run_kiwi, project: Path, tmp_path: Path) -> None:
    missing = run_kiwi("--project", project, "trust")
    assert missing.returncode == 2 and "nothing to trust" in missing.stderr
    elsewhere = tmp_path / "no-project"
    elsewhere.mkdir()
    nowhere = run_kiwi("trust", cwd=elsewhere)
    assert nowhere.returncode == 2 and "no project here" in nowhere.stderr
    assert run_kiwi("trust", "--list", "--revoke").returncode == 2
