"""`kiwi` as a person or a script uses it: a subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEV_PROJECT = REPO.parent / "shared" / "eval" / "dev" / "project"
COMMANDS = ["search", "show", "run", "library", "init", "mcp"]


@pytest.fixture
def dev(dev_project: Path) -> Path:
    """A writable copy of the shared dev project (see tests/conftest.py)."""
    return dev_project


def assert_refused(result, fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("kiwi: error: ") and fragment in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_run_a_script_of_the_dev_project(run_kiwi, dev: Path) -> None:
    result = run_kiwi("--project", dev, "run", "script", "email_validator",
                      "--param", "file=leads.csv", "-p", "column=email")
    assert result.returncode == 0, result.stderr
    head, _, rest = result.stdout.partition("\n")
    assert head.startswith("exit 0 · ") and head.endswith(" ms")
    printed = json.loads(rest.split("--- stdout\n")[1].splitlines()[0])
    assert printed == {"ok": True, "args": {"file": "leads.csv", "column": "email"}}


def test_run_a_directive_of_the_dev_project(run_kiwi, dev: Path) -> None:
    result = run_kiwi("run", "directive", "email_validator", "--param", "file=leads.csv",
                      cwd=dev / ".ai" / "scripts")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:3] for line in lines[:3]] == [
        ["✓", "validate", "script"], ["✓", "rules", "knowledge"], ["…", "report", "reasoning"]
    ]
    assert all(" ms" in line for line in lines[:3])
    assert "waiting for the orchestrator" in lines[2]
    assert lines[3] == ("email_validator finished; 1 reasoning step(s) wait for the "
                        "orchestrator: report")


def test_run_json_output_parses(run_kiwi, dev: Path) -> None:
    script = run_kiwi("--json", "--project", dev, "run", "script", "csv_parser", "-p", "file=a")
    assert json.loads(script.stdout)["exit_code"] == 0
    directive = run_kiwi("--project", dev, "run", "directive", "validate_leads",
                         "-p", "file=leads.csv", "--json")
    data = json.loads(directive.stdout)
    assert data["status"] == "waiting_for_orchestrator"
    assert data["steps"][0]["instruction"] == "Look for missing fields and duplicate leads in " \
                                              "leads.csv."


def test_a_failed_script_exits_1(run_kiwi, project: Path, put) -> None:
    put(project / ".ai/scripts/fails.py", '"""Fail."""\nimport sys\nprint("oops", file=sys.stderr)'
                                          "\nsys.exit(4)\n")
    result = run_kiwi("--project", project, "run", "script", "fails")
    assert result.returncode == 1
    assert result.stdout.startswith("exit 4 · ") and "--- stderr\noops" in result.stdout


def test_show_an_item(run_kiwi, dev: Path) -> None:
    result = run_kiwi("--project", dev, "show", "directive", "email_validator")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("directive email_validator  (project: ")
    assert "  file (path, required)  CSV with an email column" in out
    assert "  1. validate [script email_validator]  Run the validator over {file}." in out
    assert "permissions: run:script, read:files" in out
    data = json.loads(run_kiwi("--project", dev, "show", "script", "csv_parser", "--json").stdout)
    assert data["id"] == "csv_parser" and "argparse" in data["source_code"]
    knowledge = run_kiwi("--project", dev, "show", "knowledge", "email_rules").stdout
    assert "title: Email rules of the sales team" in knowledge and "Role addresses" in knowledge


def test_library_lists_items_and_errors(run_kiwi, dev: Path) -> None:
    broken = dev / ".ai/knowledge/broken.md"
    broken.write_text("---\ntags: [x]\n---\nno title\n")
    result = run_kiwi("--project", dev, "library")
    assert result.returncode == 0, result.stderr
    assert "directives (8)" in result.stdout and "scripts (7)" in result.stdout
    # The directives come first, so the first row of that id is the directive.
    row = next(line for line in result.stdout.splitlines() if line.startswith("  email_validator"))
    assert row.split()[:3] == ["email_validator", "project", "Validate"]
    assert f"errors (1)\n  {broken.resolve()}:1: front matter needs a title" in result.stdout
    data = json.loads(run_kiwi("--project", dev, "library", "--json").stdout)
    assert len(data["items"]["knowledge"]) == 4
    assert data["errors"] == [{"path": str(broken.resolve()), "line": 1,
                               "reason": "front matter needs a title"}]


def test_init_copies_the_demo_and_never_overwrites(run_kiwi, tmp_path: Path) -> None:
    target = tmp_path / "archive"
    first = run_kiwi("init", target)
    assert first.returncode == 0, first.stderr
    assert "wrote .ai/directives/organize_photos.xml" in first.stdout
    assert "wrote .ai/scripts/checks/find_duplicates.py" in first.stdout
    demo = REPO / "assets/demo/.ai"
    expected = sorted(p.relative_to(demo) for p in demo.rglob("*") if p.is_file()
                      and "__pycache__" not in p.parts)
    copied = sorted(p.relative_to(target / ".ai") for p in (target / ".ai").rglob("*")
                    if p.is_file())
    assert copied == expected

    mine = target / ".ai/knowledge/naming_conventions.md"
    mine.write_text("---\ntitle: My own rules\n---\nKeep.\n")
    (target / ".ai/scripts/photo_inventory.py").unlink()
    again = json.loads(run_kiwi("init", target, "--json").stdout)
    assert [Path(p).name for p in again["written"]] == ["photo_inventory.py"]
    assert str(mine) in again["kept"] and "My own rules" in mine.read_text()


def test_the_demo_library_parses_and_runs(run_kiwi, tmp_path: Path) -> None:
    run_kiwi("init", tmp_path)
    data = json.loads(run_kiwi("--project", tmp_path, "library", "--json").stdout)
    assert data["errors"] == []
    assert {kind: len(items) for kind, items in data["items"].items()} == {
        "directive": 3, "script": 4, "knowledge": 2}
    photos = tmp_path / "inbox"
    photos.mkdir()
    (photos / "IMG_20230714_101500.jpg").write_bytes(b"a" * 10)
    (photos / "IMG_20210101_080000.png").write_bytes(b"b" * 10)
    (photos / "copy.jpg").write_bytes(b"a" * 10)

    report = run_kiwi("--project", tmp_path, "run", "directive", "archive_report",
                      "-p", f"folder={photos}")
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("✓ inventory") and "3 photos" in report.stdout

    refused = run_kiwi("--project", tmp_path, "run", "directive", "organize_photos",
                       "-p", f"folder={photos}", "-p", "apply=true")
    assert_refused(refused, "--grant write:files")
    assert sorted(p.name for p in photos.iterdir())[0] == "IMG_20210101_080000.png"

    done = run_kiwi("--project", tmp_path, "run", "directive", "organize_photos",
                    "-p", f"folder={photos}", "-p", "apply=true", "-p", "prefix=trip",
                    "--grant", "write:files", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inputs"] == {"folder": str(photos), "prefix": "trip",
                                                 "apply": True, "min_kb": 0}
    assert "trip_2021-01-01_001.png" in {p.name for p in photos.iterdir()}

    dupes = run_kiwi("--project", tmp_path, "run", "script", "find_duplicates",
                     "-p", f"folder={photos}")
    assert "1 groups of identical photos" in dupes.stdout


def test_create_update_delete_from_the_command_line(run_kiwi, project: Path, tmp_path) -> None:
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: Trip notes\n---\nBring a charger.\n")
    created = run_kiwi("--project", project, "run", "knowledge", "trip", "--action", "create",
                       "--content-file", note)
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("created trip at ")
    assert_refused(run_kiwi("--project", project, "run", "knowledge", "trip",
                            "--action", "create", "--content-file", note), "already exists")
    updated = run_kiwi("--project", project, "run", "knowledge", "trip", "--action", "update",
                       "--content-file", "-", stdin="---\ntitle: Trip notes\n---\nSocks.\n")
    assert updated.returncode == 0 and "Socks." in (project / ".ai/knowledge/trip.md").read_text()
    deleted = run_kiwi("--project", project, "run", "knowledge", "trip", "--action", "delete")
    assert deleted.returncode == 0 and "a copy is kept at" in deleted.stdout


@pytest.mark.parametrize(("args", "fragment"), [
    (["show", "script", "nope"], "no script 'nope'"),
    (["show", "script", "../etc"], "invalid item_id '../etc'"),
    (["run", "script", "email_validator", "--param", "oops"], "expected NAME=VALUE"),
    (["run", "script", "email_validator", "-p", "colour=red"], "has no option --colour"),
    (["run", "directive", "email_validator"], "needs input 'file'"),
    (["run", "knowledge", "email_rules", "--content-file", "x"], "--content-file goes with"),
    (["--project", "/no/such/folder", "library"], "no such folder"),
    (["train", "--filler-for", str(REPO / "assets" / "router" / "kiwi-router.gguf")],
     "give --values-per-item"),
    (["train", "--filler-for", "/no/such.gguf", "--values-per-item", "2"],
     "no router adapter at /no/such.gguf"),
])
def test_refusals_are_one_line_and_exit_2(run_kiwi, dev: Path, args, fragment) -> None:
    assert_refused(run_kiwi(*args, cwd=dev), fragment)


def test_bad_arguments_exit_2_with_usage(run_kiwi) -> None:
    result = run_kiwi("show", "gadget", "x")
    assert result.returncode == 2 and "invalid choice: 'gadget'" in result.stderr


def test_help_explains_every_command_with_an_example(run_kiwi) -> None:
    top = run_kiwi("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        page = run_kiwi(command, "--help").stdout
        assert "examples:\n  kiwi" in page and "--json" in page and "--project" in page


def test_kiwi_alone_without_a_terminal_points_to_the_subcommands(run_kiwi, tmp_path: Path) -> None:
    result = run_kiwi(cwd=tmp_path)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "kiwi --help" in result.stderr


def test_mcp_refuses_a_remote_address_without_allow_remote(run_kiwi, project: Path) -> None:
    assert_refused(run_kiwi("--project", project, "mcp", "--http", "0.0.0.0:8765"),
                   "refusing to serve on 0.0.0.0")
    assert_refused(run_kiwi("mcp", "--http", "localhost:notaport"), "expected HOST:PORT")


@pytest.mark.slow
def test_search_ranks_the_named_item_first(run_kiwi, dev: Path) -> None:
    result = run_kiwi("--project", dev, "search", "email validator", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["results"][0]["id"], data["query"]) == ("email_validator", "email validator")
    assert "indexing" in result.stderr
    text = run_kiwi("--project", dev, "search", "deploy checklist", "--type", "knowledge",
                    "--limit", "2")
    lines = text.stdout.splitlines()
    assert len(lines) == 2 and "deploy_checklist" in lines[0]


@pytest.mark.slow
def test_bench_measures_the_router_beside_its_baselines(run_kiwi, dev: Path,
                                                        tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    texts = ["validate leads", "find email scripts"]
    cases.write_text("".join(json.dumps({"id": f"c{n}", "history": [], "text": t, "expect": None})
                             + "\n" for n, t in enumerate(texts)))
    result = run_kiwi("bench", "--project", dev, "--cases", cases, "--naive", "2", "--json",
                      timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    typed = sum(len(t) for t in texts)
    twins = ("without_merge", "without_merge_or_shortcut")
    assert [data[name]["keystrokes"] for name in ("router", *twins)] == [typed] * 3
    assert data["naive"]["keystrokes"] == 2
    assert data["settled"]["texts"] == len(texts) and data["settled"]["p50_ms"] > 0
    # Ratios come from one run; the baseline generates text from a full prompt each time.
    assert data["speedup_p50"] == round(data["naive"]["p50_ms"] / data["router"]["p50_ms"], 1)
    assert data["speedup_p50"] > 1
    assert data["merge_saving_p50"] == round(
        1 - data["router"]["p50_ms"] / data["without_merge"]["p50_ms"], 3)
    assert data["shortcut_saving_p50"] == round(
        1 - data["without_merge"]["p50_ms"] / data["without_merge_or_shortcut"]["p50_ms"], 3)
    assert set(data["menu_eval_ms"]) == {"router", *twins}
    assert all(ms > 0 for ms in data["menu_eval_ms"].values())
    assert 0 < data["rss_mb_router_and_embedder"] < 4000
    assert data["cold_start_s"] > 0 and data["menu_tokens"] > 100
