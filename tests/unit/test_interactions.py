"""The interaction log: records, statistics, exports, thresholds and what must never be stored."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiwi_term.calls import PRIMITIVES
from kiwi_term.config import Config
from kiwi_term.errors import KiwiError
from kiwi_term.interactions import InteractionLog, export, functiongemma, history, stats, tune
from kiwi_term.scrub import REDACTED, Scrubber, is_secret_name
from predictors.measure.evaluate import load_cases


def search(item_type: str, query: str, confidence: float | None = None) -> dict:
    call = {"name": "search", "arguments": {"item_type": item_type, "query": query}}
    return call if confidence is None else {**call, "confidence": confidence}


def run(item_type: str, item_id: str, confidence: float | None = None, **params) -> dict:
    arguments = {"item_type": item_type, "item_id": item_id, "action": "run"}
    if params:
        arguments["params"] = params
    call = {"name": "execute", "arguments": arguments}
    return call if confidence is None else {**call, "confidence": confidence}


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "interactions.sqlite"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    return folder.resolve()


def session(db: Path, project: Path) -> None:
    """A short scripted session covering every kind of record."""
    with InteractionLog(db, project=str(project)) as log:
        # Enter auto-run of a right prediction.
        p1 = log.prediction_shown("validate these emails", ["we need to clean the leads"],
                                  [run("directive", "email_validator", 0.95),
                                   search("directive", "email", 0.3)], 2.0, "warm")
        log.user_action(p1, "accepted_enter", rank=1)
        log.execution(run("directive", "email_validator"), "router", 120.0, "ok",
                      prediction_id=p1)
        # Confirmed at middling confidence.
        p2 = log.prediction_shown("find csv scripts", [], [search("script", "csv", 0.7)], 4.0,
                                  "cold")
        log.user_action(p2, "confirmed", rank=1)
        log.execution(search("script", "csv"), "router", 15.0, "ok", prediction_id=p2)
        # The second prediction was the right one.
        p3 = log.prediction_shown("parse the leads csv", [],
                                  [run("script", "email_parser", 0.9),
                                   run("script", "csv_parser", 0.6)], 6.0, "hot")
        log.user_action(p3, "accepted_alt", rank=2)
        log.execution(run("script", "csv_parser"), "router", 30.0, "ok", prediction_id=p3)
        # Sent to the orchestrator instead; it ran a load that worked.
        p4 = log.prediction_shown("how does this whole thing work?", [],
                                  [search("knowledge", "kiwi", 0.5)], 8.0, "cold")
        log.user_action(p4, "orchestrator")
        log.orchestrator_turn("local", "smollm2", 900.0, {"total_tokens": 120}, False,
                              "Kiwi routes what you type.",
                              [{"call": {"name": "load", "arguments": {
                                  "item_type": "knowledge", "item_id": "kiwi_concepts"}},
                                "result": {"ok": True}}],
                              prompt="how does this whole thing work?")
        # An auto-run the user marked bad.
        p5 = log.prediction_shown("deploy it", [], [run("directive", "deploy_prod", 0.92)],
                                  10.0, "warm")
        log.user_action(p5, "accepted_enter", rank=1)
        log.execution(run("directive", "deploy_prod"), "router", 50.0, "failed",
                      prediction_id=p5)
        log.feedback(False)
        # Shown, never acted on.
        log.prediction_shown("hel", [], [], 12.0, "cold")
        # The user typed their own call.
        p7 = log.prediction_shown("run the api tests", [], [search("script", "api", 0.4)], 3.0,
                                  "warm")
        log.user_action(p7, "overridden", call=run("directive", "api_test_suite"))
        log.execution(run("directive", "api_test_suite"), "user", 300.0, "ok", prediction_id=p7)
        assert log.flush(5)


def test_records_and_their_statistics(db: Path, project: Path) -> None:
    session(db, project)
    result = stats.compute(history.load(db, str(project)))
    assert result["shown"] == 7 and result["decisions"] == 6
    assert result["acceptance_rate"] == pytest.approx(4 / 6, abs=1e-4)
    assert result["auto_runs"] == 2 and result["auto_runs_marked_bad"] == 1
    assert result["auto_precision"] == 0.5
    assert result["latency_ms_p50"] == 6.0
    assert result["latency_ms_p95"] == pytest.approx(11.4)
    # Used predictions: warm, cold, hot, warm -> 3 of 4 hit the warm cache.
    assert result["warm_cache"]["hit_rate"] == 0.75
    assert result["warm_cache"]["states"] == {"cold": 3, "hot": 1, "warm": 3}
    assert result["orchestrator"]["share"] == pytest.approx(1 / 6, abs=1e-4)
    assert result["orchestrator"]["turns"] == 1
    assert result["orchestrator"]["latency_ms_p50"] == 900.0
    assert result["orchestrator"]["total_tokens"] == 120
    assert result["feedback"] == {"good": 0, "bad": 1}
    assert result["executions"]["failed"] == 1 and result["executions"]["chosen_by"] == {
        "router": 4, "user": 1}
    assert {"item": "directive:email_validator", "count": 1} in result["top_items"]
    assert "acceptance rate" in stats.render(result)


def test_ranks_count_from_one_like_alt_n(db: Path) -> None:
    shown = [search("script", "email", 0.9), search("script", "csv", 0.8)]
    with InteractionLog(db) as log:
        # No call given: the rank says which prediction ran.
        log.user_action(log.prediction_shown("a", [], shown, 1.0, "warm"), "accepted_alt", rank=2)
        # Enter on a highlight moved to the second prediction is a choice, not an auto-run.
        log.user_action(log.prediction_shown("b", [], shown, 1.0, "warm"), "accepted_enter",
                        rank=2, call=shown[1])
        log.user_action(log.prediction_shown("c", [], shown, 1.0, "warm"), "accepted_enter",
                        rank=1, call=shown[0])
    decisions = history.load(db).decisions
    assert decisions[0].used == shown[1] and not decisions[0].correct
    assert [d.auto_run for d in decisions] == [False, False, True]
    assert [d.correct for d in decisions] == [False, False, True]
    assert stats.compute(history.load(db))["auto_runs"] == 1


def test_rows_are_tagged_with_their_project(db: Path, project: Path, tmp_path: Path) -> None:
    session(db, project)
    with InteractionLog(db, project=str(tmp_path)) as other:
        other.prediction_shown("elsewhere", [], [], 1.0, "cold")
    assert len(history.load(db, str(project)).shown) == 7
    assert len(history.load(db, str(tmp_path.resolve())).shown) == 1
    assert len(history.load(db).shown) == 8


def test_ids_come_back_at_once_and_stay_unique(db: Path) -> None:
    with InteractionLog(db) as log:
        ids = [log.prediction_shown(f"t{i}", [], [], 1.0, "cold") for i in range(200)]
        ids.append(log.execution(search("any", "x"), "user", 1.0, "ok"))
        ids.append(log.orchestrator_turn("p", "m", 1.0, None, True, "hi", []))
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_history_is_stored_as_a_digest_and_recent_turns(db: Path) -> None:
    turns = [f"turn {i}" for i in range(12)]
    with InteractionLog(db) as log:
        log.prediction_shown("now", turns, [], 1.0, "cold")
    with history.open_existing(db) as conn:
        digest, stored = conn.execute("SELECT history_digest, history FROM shown").fetchone()
    assert digest == hashlib.sha256("\x1e".join(turns).encode()).hexdigest()
    assert json.loads(stored) == turns[-8:]


def test_unknown_action_or_chooser_is_refused(db: Path) -> None:
    with InteractionLog(db) as log:
        with pytest.raises(ValueError):
            log.user_action(1, "clicked")
        with pytest.raises(ValueError):
            log.execution(search("any", "x"), "robot", 1.0, "ok")


def test_log_false_writes_nothing(kiwi_env: dict[str, Path]) -> None:
    config = Config(data={**Config().data, "log": False})
    log = InteractionLog.from_config(config, "/tmp/somewhere")
    pid = log.prediction_shown("hello", ["x"], [search("any", "x", 0.9)], 1.0, "cold")
    log.user_action(pid, "accepted_tab", rank=1)
    log.execution(search("any", "x"), "router", 1.0, "ok", prediction_id=pid)
    log.orchestrator_turn("p", "m", 1.0, None, False, "t", [])
    log.feedback(True)
    assert log.flush() is True
    log.close()
    assert isinstance(pid, int)
    assert not kiwi_env["KIWI_DATA_DIR"].exists()


def test_from_config_writes_to_the_data_dir(kiwi_env: dict[str, Path]) -> None:
    with InteractionLog.from_config(Config(), "") as log:
        log.prediction_shown("hello", [], [], 1.0, "cold")
    assert (kiwi_env["KIWI_DATA_DIR"] / "interactions.sqlite").is_file()


def test_secrets_never_reach_the_disk(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_secret = "sk-proj-ENVSECRET0123456789abcdef"
    monkeypatch.setenv("OPENAI_API_KEY", env_secret)
    monkeypatch.setenv("MY_SERVICE_PASSWORD", "correct-horse-battery")
    secrets = [env_secret, "correct-horse-battery", "hunter2hunter2", "PARAMSECRET42",
               "ghp_abcdefghijklmnopqrstuvwxyz0123", "AKIAABCDEFGHIJKLMNOP", "tok-in-dict-7"]
    log = InteractionLog(db)
    pid = log.prediction_shown(
        f"deploy with password=hunter2hunter2 and {env_secret}",
        ["my github token is ghp_abcdefghijklmnopqrstuvwxyz0123"],
        [run("script", "deploy", 0.9, api_key="PARAMSECRET42", region="eu",
             headers={"Authorization": "tok-in-dict-7"})], 1.0, "cold")
    log.user_action(pid, "accepted_tab", rank=1,
                    call=run("script", "deploy", api_key="PARAMSECRET42", region="eu"))
    log.execution(run("script", "deploy", apiKey="PARAMSECRET42"), "router", 1.0, "ok",
                  prediction_id=pid)
    log.orchestrator_turn("p", "m", 1.0, {"prompt_tokens": 5}, False,
                          "use AKIAABCDEFGHIJKLMNOP and correct-horse-battery", [])
    log.close()
    stored = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    for secret in secrets:
        assert secret.encode() not in stored, secret
    assert REDACTED.encode() in stored and b"eu" in stored
    turn = history.load(db).turns[0]
    assert turn["tokens"] == {"prompt_tokens": 5}  # counts are not secrets


@pytest.mark.parametrize("name,secret", [
    ("api_key", True), ("apiKey", True), ("OPENAI_API_KEY", True), ("password", True),
    ("auth", True), ("Authorization", True), ("refresh_token", True), ("key", True),
    ("file", False), ("keywords", False), ("query", False), ("item_id", False),
])
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_scrubber_leaves_ordinary_text_alone() -> None:
    scrub = Scrubber({"HOME": "/home/me", "SHORT_TOKEN": "abc"})
    assert scrub.text("validate leads.csv in /home/me") == "validate leads.csv in /home/me"
    assert scrub.text("token abc here") == "token abc here"  # too short to search for


# -- exports -------------------------------------------------------------------------------


def test_eval_export_is_kiwi_format_cases(db: Path, project: Path, tmp_path: Path) -> None:
    session(db, project)
    cases = export.eval_cases(history.load(db, str(project)))
    by_text = {c["text"]: c for c in cases}
    assert by_text["validate these emails"]["expect"] == {
        "name": "execute", "arguments": {"item_type": "directive", "item_id": "email_validator"}}
    assert by_text["validate these emails"]["history"] == ["we need to clean the leads"]
    assert by_text["parse the leads csv"]["expect"]["arguments"]["item_id"] == "csv_parser"
    assert by_text["how does this whole thing work?"]["expect"] is None
    assert by_text["run the api tests"]["expect"]["arguments"]["item_id"] == "api_test_suite"
    assert "deploy it" not in by_text  # marked bad: its label is not known
    out = tmp_path / "cases.jsonl"
    export.write_atomic(out, export.to_jsonl(cases))
    loaded = load_cases(out)
    assert [c.text for c in loaded] == [c["text"] for c in cases]


def test_functiongemma_export_lines_round_trip(db: Path, project: Path) -> None:
    session(db, project)
    rows = export.functiongemma_examples(history.load(db, str(project)))
    lines = export.to_jsonl(rows).splitlines()
    calls = []
    for line in lines:
        record = json.loads(line)
        developer, user, model = record["messages"]
        assert [developer["role"], user["role"], model["role"]] == ["developer", "user", "model"]
        assert list(functiongemma.parse_declarations(developer["content"])) == list(PRIMITIVES)
        assert record["text"].endswith(model["content"] + "<start_function_response>")
        calls.extend(functiongemma.parse_calls(model["content"]))
    # Ran by the user (tab/enter/confirm/alt), minus the one marked bad, plus the orchestrator's.
    expected = [
        run("directive", "email_validator"), search("script", "csv"), run("script", "csv_parser"),
        {"name": "load", "arguments": {"item_type": "knowledge", "item_id": "kiwi_concepts"}},
    ]
    assert sorted(map(canonical, calls)) == sorted(map(canonical, expected))


def test_chat_export_is_openai_messages(db: Path, project: Path) -> None:
    session(db, project)
    rows = export.chat_examples(history.load(db, str(project)))
    assert len(rows) == 1
    record = json.loads(export.to_jsonl(rows))
    user, assistant = record["messages"]
    assert user == {"role": "user", "content": "how does this whole thing work?"}
    call = assistant["tool_calls"][0]
    assert call["type"] == "function" and call["function"]["name"] == "load"
    assert json.loads(call["function"]["arguments"]) == {"item_type": "knowledge",
                                                         "item_id": "kiwi_concepts"}
    assert [t["function"]["name"] for t in record["tools"]] == list(PRIMITIVES)


def test_redacted_calls_are_not_training_data(db: Path) -> None:
    with InteractionLog(db) as log:
        pid = log.prediction_shown("deploy", [], [run("script", "deploy", 0.9, token="abcdef1")],
                                   1.0, "cold")
        log.user_action(pid, "accepted_tab", rank=1)
    assert export.functiongemma_examples(history.load(db)) == []


def test_write_atomic_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    target.chmod(0o600)

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr("os.replace", refuse)
        with pytest.raises(KiwiError, match="No space left"):
            export.write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left
    export.write_atomic(target, "new\n")
    assert target.read_text() == "new\n" and target.stat().st_mode & 0o777 == 0o600
    (tmp_path / "a-file").write_text("")
    with pytest.raises(KiwiError):
        export.write_atomic(tmp_path / "a-file" / "out.jsonl", "x")


# -- thresholds ----------------------------------------------------------------------------


def synthetic(db: Path, groups: list[tuple[float, int, int]]) -> None:
    """(confidence, decisions, right ones): right ones accepted with Tab, the rest ignored."""
    with InteractionLog(db) as log:
        for confidence, total, right in groups:
            for i in range(total):
                pid = log.prediction_shown(f"t{confidence}-{i}", [],
                                           [search("any", f"q{i}", confidence)], 1.0, "warm")
                log.user_action(pid, "accepted_tab" if i < right else "ignored", rank=1)


def test_tune_picks_the_lowest_thresholds_the_history_supports(db: Path) -> None:
    synthetic(db, [(0.97, 40, 40), (0.87, 30, 29), (0.82, 20, 16), (0.6, 20, 8),
                   (0.4, 20, 2)])
    result = tune.tune(history.load(db), auto=0.85, confirm=0.6)
    # >= 0.83 holds 69/70 right (0.986); adding the 0.82 group gives 85/90 (0.944).
    assert result.recommended["auto"] == 0.83
    # [0.41, 0.83) holds 24/40 right; from 0.40 down it is 26/60.
    assert result.recommended["confirm"] == 0.41
    assert result.changes() == {"auto": (0.85, 0.83), "confirm": (0.6, 0.41)}
    bucket = next(b for b in result.buckets if b["low"] == 0.8)
    assert bucket == {"low": 0.8, "high": 0.85, "decisions": 20, "right": 16}
    assert result.checks[0] == {"threshold": "current", "auto": 0.85, "decisions": 70,
                                "right": 69, "precision": 0.9857}
    assert "recommended 0.83" in tune.render(result)


def test_tune_without_enough_history_recommends_nothing(db: Path) -> None:
    synthetic(db, [(0.95, 5, 5)])
    result = tune.tune(history.load(db), auto=0.85, confirm=0.6)
    assert result.recommended == {"auto": None, "confirm": None}
    assert result.changes() == {} and len(result.notes) == 2


def test_the_log_is_reachable_without_the_tui() -> None:
    modules = ["kiwi_term.interactions", "kiwi_term.interactions.export",
               "kiwi_term.interactions.stats", "kiwi_term.interactions.tune",
               "kiwi_term.commands.log", "kiwi_term.commands.tune"]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
              " or m.startswith('kiwi_term.ui')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
