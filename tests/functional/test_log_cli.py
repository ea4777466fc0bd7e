"""`kiwi log` and `kiwi tune` as a user runs them, and the log surviving `kill -9`."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from kiwi_term.interactions import InteractionLog, functiongemma, history, stats
from predictors.measure.evaluate import load_cases

REPO = Path(__file__).resolve().parents[2]
DEV_PROJECT = REPO.parent / "shared" / "eval" / "dev" / "project"


def search(item_type: str, query: str, confidence: float | None = None) -> dict:
    call = {"name": "search", "arguments": {"item_type": item_type, "query": query}}
    return call if confidence is None else {**call, "confidence": confidence}


def load(item_type: str, item_id: str, confidence: float | None = None) -> dict:
    call = {"name": "load", "arguments": {"item_type": item_type, "item_id": item_id}}
    return call if confidence is None else {**call, "confidence": confidence}


def database(kiwi_env: dict[str, Path]) -> Path:
    return kiwi_env["KIWI_DATA_DIR"] / "interactions.sqlite"


def record_session(project: Path) -> None:
    """What a user of the dev project did, written where `kiwi` subprocesses look."""
    with InteractionLog(project=str(project)) as log:
        for text, call, action, state in [
            ("find email scripts", search("script", "email", 0.93), "accepted_enter", "warm"),
            ("load email validator", load("directive", "email_validator", 0.88), "accepted_tab",
             "hot"),
            ("show me the sync directive", load("directive", "sync_directives", 0.7),
             "confirmed", "warm"),
            ("open the deploy checklist", load("knowledge", "deploy_checklist", 0.9),
             "accepted_tab", "cold"),
        ]:
            pid = log.prediction_shown(text, [], [call], 5.0, state)
            log.user_action(pid, action, rank=1)
            plain = {"name": call["name"], "arguments": call["arguments"]}
            log.execution(plain, "router", 20.0, "ok", prediction_id=pid)
        pid = log.prediction_shown("how does this whole thing work?", [],
                                   [search("knowledge", "kiwi", 0.4)], 7.0, "cold")
        log.user_action(pid, "orchestrator")
        log.orchestrator_turn("local", "smollm2", 800.0, {"total_tokens": 50}, False,
                              "Here is how.", [{"call": load("knowledge", "kiwi_concepts"),
                                                "result": {"ok": True}}],
                              prompt="how does this whole thing work?")


@pytest.fixture
def dev(dev_project: Path) -> Path:
    """A writable copy of the shared dev project (see tests/conftest.py)."""
    return dev_project


def test_stats_json_and_text(run_kiwi, dev: Path, kiwi_env) -> None:
    record_session(dev)
    result = run_kiwi("log", "stats", "--project", dev, "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["project"] == str(dev)
    assert stats["shown"] == 5 and stats["acceptance_rate"] == 0.8
    assert stats["auto_runs"] == 1 and stats["auto_precision"] == 1.0
    assert stats["orchestrator"]["share"] == 0.2 and stats["latency_ms_p50"] == 5.0
    text = run_kiwi("log", "stats")
    assert text.returncode == 0 and "interactions of all projects" in text.stdout
    assert "acceptance rate                  80.0%" in text.stdout


def test_stats_without_a_log_creates_nothing(run_kiwi, kiwi_env) -> None:
    result = run_kiwi("log", "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["shown"] == 0
    assert not database(kiwi_env).exists()


@pytest.mark.parametrize("fmt", ["functiongemma", "chat", "eval"])
def test_every_exported_line_parses(run_kiwi, dev: Path, tmp_path: Path, fmt: str) -> None:
    record_session(dev)
    out = tmp_path / f"{fmt}.jsonl"
    result = run_kiwi("log", "export", "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "written to" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)
    if fmt == "functiongemma":
        calls = [c for line in lines
                 for c in functiongemma.parse_calls(json.loads(line)["messages"][2]["content"])]
        assert len(calls) == 5 and load("knowledge", "kiwi_concepts") in calls
    if fmt == "eval":
        assert len(load_cases(out)) == 5
    if fmt == "chat":
        assert json.loads(lines[0])["messages"][1]["tool_calls"][0]["function"]["name"] == "load"


def test_eval_export_to_stdout(run_kiwi, dev: Path) -> None:
    record_session(dev)
    result = run_kiwi("log", "export", "--format", "eval", "--project", dev)
    assert result.returncode == 0, result.stderr
    cases = [json.loads(line) for line in result.stdout.splitlines()]
    assert {c["text"] for c in cases} >= {"find email scripts", "how does this whole thing work?"}


def test_export_refuses_an_unknown_format(run_kiwi) -> None:
    result = run_kiwi("log", "export", "--format", "csv")
    assert result.returncode == 2 and "invalid choice" in result.stderr


@pytest.mark.slow
def test_exported_cases_run_through_kiwi_eval(run_kiwi, dev: Path, tmp_path: Path) -> None:
    record_session(dev)
    cases = tmp_path / "mine.jsonl"
    exported = run_kiwi("log", "export", "--format", "eval", "-o", cases)
    assert exported.returncode == 0, exported.stderr
    result = run_kiwi("eval", cases, "--project", dev, "--router", "embedding", "--json",
                      timeout=600)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["cases"] == 5 and 0.0 <= metrics["accuracy"] <= 1.0


def test_purge_asks_and_says_how_many(run_kiwi, dev: Path, tmp_path: Path, kiwi_env) -> None:
    record_session(dev)
    with InteractionLog(project=str(tmp_path)) as other:
        other.prediction_shown("elsewhere", [], [], 1.0, "cold")
    declined = run_kiwi("log", "purge", "--project", dev, stdin="n\n")
    assert declined.returncode == 1 and "[y/N]" in declined.stderr
    assert "nothing removed" in declined.stderr
    # 5 shown, 5 actions, 4 executions, 1 turn.
    accepted = run_kiwi("log", "purge", "--project", dev, stdin="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip() == f"removed 15 row(s) of project {dev}"
    left = json.loads(run_kiwi("log", "stats", "--json").stdout)
    assert left["shown"] == 1
    everything = run_kiwi("log", "purge", "--yes", "--json")
    assert json.loads(everything.stdout)["removed"] == 1
    again = run_kiwi("log", "purge", "--yes")
    assert again.returncode == 0 and again.stdout.startswith("no recorded interactions")
    assert b"elsewhere" not in database(kiwi_env).read_bytes()  # wiped, not just unlinked


def test_tune_apply_writes_thresholds_and_keeps_the_config(run_kiwi, kiwi_env) -> None:
    with InteractionLog() as log:
        for confidence, total, right in [(0.97, 40, 40), (0.87, 30, 29), (0.82, 20, 16),
                                         (0.6, 20, 8), (0.4, 20, 2)]:
            for i in range(total):
                pid = log.prediction_shown(f"t{i}", [], [search("any", "x", confidence)], 1.0,
                                           "warm")
                log.user_action(pid, "accepted_tab" if i < right else "ignored", rank=1)
    config = kiwi_env["KIWI_CONFIG_DIR"] / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('# mine\n[router]\nname = "embedding"  # faster\n\n[thresholds]\n'
                      "auto = 0.85\n", encoding="utf-8")
    dry = run_kiwi("tune")
    assert dry.returncode == 0, dry.stderr
    assert "would set thresholds.auto: 0.85 -> 0.83" in dry.stdout
    assert "0.80–0.85         20     16" in dry.stdout
    assert "auto = 0.85" in config.read_text()
    applied = run_kiwi("tune", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "set thresholds.auto: 0.85 -> 0.83" in applied.stdout
    assert "set thresholds.confirm: 0.60 -> 0.41" in applied.stdout
    text = config.read_text()
    assert text.startswith('# mine\n[router]\nname = "embedding"  # faster\n')
    assert tomllib.loads(text)["thresholds"] == {"auto": 0.83, "confirm": 0.41}
    after = json.loads(run_kiwi("tune", "--json").stdout)
    assert after["changes"] == {} and after["current"] == {"auto": 0.83, "confirm": 0.41}


def test_log_false_in_config_writes_nothing(kiwi_env, kiwi_command, tmp_path: Path) -> None:
    config = kiwi_env["KIWI_CONFIG_DIR"] / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("log = false\n", encoding="utf-8")
    script = textwrap.dedent("""
        from kiwi_term.config import Config
        from kiwi_term.interactions import InteractionLog
        log = InteractionLog.from_config(Config.load(None), "/tmp")
        pid = log.prediction_shown("hello", [], [], 1.0, "cold")
        log.user_action(pid, "ignored")
        log.orchestrator_turn("p", "m", 1.0, None, False, "t", [])
        log.feedback(True)
        log.close()
        print(log.enabled)
    """)
    _, env = kiwi_command
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert not kiwi_env["KIWI_DATA_DIR"].exists()


async def wait_for(pilot, condition, seconds: float = 300.0) -> None:
    """Let the app run until `condition()` holds (models load slowly on a busy machine)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {condition}")


@pytest.mark.slow
async def test_the_log_records_a_scripted_tui_session(dev: Path, kiwi_env) -> None:
    from kiwi_term.primitives import Kiwi
    from kiwi_term.ui.app import make_app
    from predictors.router.registry import make_router
    from predictors.router.similarity import ItemSimilarity

    kiwi = Kiwi(dev)
    config = kiwi.config
    config.data["ui"] = {"cursor_blink": False}
    log = InteractionLog.from_config(config, dev)
    app = make_app(config, kiwi, make_router("embedding", kiwi), None, log,
                   similarity=ItemSimilarity(kiwi.embedder))
    try:
        async with app.run_test() as pilot:
            await wait_for(pilot, lambda: app.router_loop.state == "ready")
            await pilot.press(*"find email scripts")
            await wait_for(pilot, lambda: app.current_result() is not None)
            top = app.current_result().top
            await pilot.press("tab")
            await wait_for(pilot, lambda: not app.runs.running and app.feedback_target is not None)
            await pilot.press("ctrl+g")
            await pilot.press(*"load the email validator")
            await wait_for(pilot, lambda: app.current_result() is not None)
            await pilot.press("escape")
            await pilot.pause(0.1)
    finally:
        log.close()
    recorded = history.load(project=str(dev))
    assert [d.action for d in recorded.decisions] == ["accepted_tab", "ignored"]
    accepted = recorded.decisions[0]
    assert accepted.text == "find email scripts" and accepted.used == top.call.to_dict()
    assert accepted.correct and accepted.feedback is True
    assert recorded.decisions[1].text == "load the email validator"
    execution = recorded.executions[0]
    assert execution["chosen_by"] == "router" and execution["prediction_id"] == \
        accepted.prediction_id
    assert recorded.feedback == {execution["id"]: True}
    assert stats.compute(recorded)["acceptance_rate"] == 0.5


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kiwi_term.interactions import InteractionLog

    log = InteractionLog(Path(sys.argv[1]), project="/p")
    flush = sys.argv[2] == "flush"
    i = 0
    while True:
        log.prediction_shown(f"record {i}", [f"turn {i}"],
                             [{"name": "search", "arguments": {"item_type": "any",
                               "query": f"q{i}"}, "confidence": 0.5}], float(i), "warm")
        if flush and not log.flush(30):
            sys.exit(3)
        print(i, flush=True)
        i += 1
        if not flush:
            time.sleep(0.001)
""")


def kill_mid_way(db: Path, env: dict[str, str], mode: str, after: int = 150) -> int:
    """Start the writer child, SIGKILL it after `after` confirmed records; the last printed."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), mode], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = -1
    try:
        assert child.stdout is not None
        for line in child.stdout:
            printed = int(line)
            if printed >= after:
                os.kill(child.pid, signal.SIGKILL)
                break
        # Lines already in the pipe when the kill landed were confirmed too.
        rest, _ = child.communicate(timeout=60)
        printed = max([printed, *(int(x) for x in rest.split())])
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return printed


def rows_after_kill(db: Path) -> dict[int, tuple]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute("SELECT text, history_digest, predictions, latency_ms FROM shown")
        return {int(text.split()[1]): (text, digest, predictions, latency)
                for text, digest, predictions, latency in rows}
    finally:
        conn.close()


def test_kill_9_loses_at_most_the_record_in_flight(tmp_path: Path, kiwi_command) -> None:
    db = tmp_path / "interactions.sqlite"
    last = kill_mid_way(db, kiwi_command[1], "flush")
    rows = rows_after_kill(db)
    # Every record confirmed before the kill is there and whole; at most one more made it.
    assert set(range(last + 1)) <= set(rows) <= set(range(last + 2))
    for i in range(last + 1):
        text, digest, predictions, latency = rows[i]
        assert text == f"record {i}" and latency == float(i)
        assert digest == hashlib.sha256(f"turn {i}".encode()).hexdigest()
        assert json.loads(predictions)[0]["arguments"]["query"] == f"q{i}"


def test_kill_9_during_a_burst_leaves_a_clean_prefix(tmp_path: Path, kiwi_command) -> None:
    db = tmp_path / "interactions.sqlite"
    kill_mid_way(db, kiwi_command[1], "burst")
    rows = rows_after_kill(db)
    # Records commit in order, each whole: what survives is 0..n with no gap and no torn row.
    assert rows and set(rows) == set(range(len(rows)))
    assert all(json.loads(p)[0]["arguments"]["query"] == f"q{i}"
               for i, (_, _, p, _) in rows.items())
