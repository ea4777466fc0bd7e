"""Scripts as untrusted code: process groups, timeouts that hold, capped output, no secrets.

Every test runs a real script in a real subprocess through `run_script`, the function every
caller (CLI, terminal, MCP, orchestrator, directive steps) goes through.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from kiwi_term.config import Config, TrustStore
from kiwi_term.errors import KiwiError
from kiwi_term.library.items import Item, ItemType, Source, is_item_id
from kiwi_term.library.script_output import TRUNCATED
from kiwi_term.library.scripts import ScriptLimits, check_script_params, run_script
from kiwi_term.library.store import Library, check_id


def script(folder: Path, name: str, body: str) -> Item:
    path = folder / ".ai" / "scripts" / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'"""{name}."""\n{body}', encoding="utf-8")
    return Item(ItemType.SCRIPT, name, Source.PROJECT, path, name)


def run(project: Path, item: Item, **options):
    return run_script(item, {}, cwd=project, outputs=project / ".ai" / "outputs", **options)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (killed, not yet reaped by init) counts as gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


BACKGROUND_CHILD = """\
import subprocess, sys, time
# A background child that holds our stdout and stderr, like `sleep 60 &` or a dev server.
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print(child.pid, flush=True)
time.sleep(60)
"""


def test_timeout_kills_the_group_even_when_a_background_child_holds_the_pipes(
        project: Path) -> None:
    item = script(project, "hang", BACKGROUND_CHILD)
    start = time.monotonic()
    result = run(project, item, timeout=1.0)
    elapsed = time.monotonic() - start
    assert elapsed < 1.0 + 2.0, f"returned {elapsed - 1.0:.2f} s after its timeout"
    assert result.timed_out and not result.ok
    assert "killed after 1 s" in result.stderr
    child = int(result.stdout.split()[0])
    deadline = time.monotonic() + 2
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the background child outlived the run's process group"


def test_a_child_that_ignores_sigterm_is_killed_within_2_s(project: Path) -> None:
    item = script(project, "stubborn", """\
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
subprocess.Popen([sys.executable, "-c", code])
time.sleep(60)
""")
    start = time.monotonic()
    result = run(project, item, timeout=0.5)
    assert time.monotonic() - start < 0.5 + 2.0
    assert result.timed_out and result.exit_code == -signal.SIGKILL


def test_a_child_that_left_the_group_cannot_hold_the_run(project: Path) -> None:
    # setsid: the child is out of reach of killpg, and still holds the pipes.
    item = script(project, "escape", """\
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
time.sleep(60)
""")
    start = time.monotonic()
    result = run(project, item, timeout=0.5)
    assert time.monotonic() - start < 0.5 + 2.0
    assert result.timed_out


def test_a_script_that_exits_leaving_a_background_child_returns_at_once(project: Path) -> None:
    item = script(project, "daemon", """\
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print("started")
""")
    start = time.monotonic()
    result = run(project, item, timeout=30)
    assert time.monotonic() - start < 2.0
    assert result.ok and result.stdout.strip() == "started"


def test_cancel_kills_the_group_within_2_s(project: Path) -> None:
    item = script(project, "hang", BACKGROUND_CHILD)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    start = time.monotonic()
    result = run(project, item, timeout=60, cancel=cancel)
    assert time.monotonic() - start < 0.5 + 2.0
    assert result.cancelled and result.to_dict()["error"] == "cancelled"


def test_200_mb_of_output_stays_within_the_cap_and_bounded_memory(project: Path) -> None:
    item = script(project, "flood", """\
import sys
line = b"x" * 1023 + b"\\n"
block = line * 1024
for _ in range(200):
    sys.stdout.buffer.write(block)
sys.stdout.buffer.write(b"THE END\\n")
""")
    cap = 2 * 1024 * 1024
    tracemalloc.start()
    try:
        result = run(project, item, timeout=120, output_cap=cap, output_limit=4096)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok
    assert peak < 8 * 1024 * 1024, f"peak Python memory {peak / 2**20:.1f} MB"
    assert result.saved_to is not None
    size = result.saved_to.stat().st_size
    assert cap <= size < cap + 4096
    text = result.saved_to.read_text()
    assert TRUNCATED in text and "(execute.output_cap)" in text and "THE END" not in text
    assert len(result.stdout) < 4096 + 300 and TRUNCATED in result.stdout
    assert "execute.output_cap" in result.stderr and "200.0 MB" in result.stderr


def test_the_default_cap_is_10_mb(project: Path) -> None:
    limits = ScriptLimits.from_config(Config.load(project))
    assert limits.output_cap == 10 * 1024 * 1024


def test_short_output_is_returned_whole_and_nothing_is_saved(project: Path) -> None:
    item = script(project, "hello", "import sys\nprint('hello')\nprint('oops', file=sys.stderr)\n")
    result = run(project, item)
    assert (result.stdout, result.stderr.strip(), result.saved_to) == ("hello\n", "oops", None)
    assert not (project / ".ai" / "outputs").exists()


ENV_DUMP = "import json, os\nprint(json.dumps(dict(os.environ)))\n"

SECRETS = {
    "KIWI_KEYRING_PASSPHRASE": "correct horse battery staple",
    "KIWI_ORCHESTRATOR_API_KEY": "sk-kiwi-0123456789abcdef",
    "OPENAI_API_KEY": "sk-proj-0123456789abcdefghij",
    "ANTHROPIC_API_KEY": "sk-ant-0123456789abcdefghij",
    "GITHUB_TOKEN": "ghp_0123456789abcdefghij0123456789",
    "MY_LLM": "value-named-by-the-config",
    "DB_PASSWORD": "hunter2hunter2",
}


def test_a_script_dumping_its_environment_shows_no_secret(project: Path) -> None:
    item = script(project, "envdump", ENV_DUMP)
    environ = {**os.environ, **SECRETS, "HARMLESS": "kept"}
    result = run(project, item, environ=environ, secret_env={"MY_LLM"})
    seen = json.loads(result.stdout)
    for name, value in SECRETS.items():
        assert name not in seen
        assert value not in result.stdout
    assert seen["HARMLESS"] == "kept" and "PATH" in seen
    assert set(SECRETS) <= set(result.withheld_env)


def test_provider_key_names_come_from_the_config_and_the_allow_list_lets_one_through(
        project: Path, kiwi_env: dict[str, Path]) -> None:
    config_file = kiwi_env["KIWI_CONFIG_DIR"] / "config.toml"
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('[providers.team]\nbase_url = "http://127.0.0.1:9/v1"\n'
                           'api_key_env = "TEAM_LLM"\n\n[execute]\nenv_allow = ["GITHUB_TOKEN"]\n')
    limits = ScriptLimits.from_config(Config.load(project))
    assert limits.secret_env == {"TEAM_LLM"} and limits.env_allow == {"GITHUB_TOKEN"}
    item = script(project, "envdump", ENV_DUMP)
    environ = {"PATH": os.environ["PATH"], "TEAM_LLM": "team-secret-value",
               "GITHUB_TOKEN": "ghp_allowed_by_the_user_0123456789"}
    result = run(project, item, environ=environ, **{
        k: v for k, v in limits.options().items() if k in ("env_allow", "secret_env")})
    seen = json.loads(result.stdout)
    assert "TEAM_LLM" not in seen and seen["GITHUB_TOKEN"].startswith("ghp_allowed")


def test_an_untrusted_project_cannot_allow_secrets_to_its_scripts(project: Path) -> None:
    (project / ".ai" / "kiwi.toml").write_text(
        '[execute]\nenv_allow = ["OPENAI_API_KEY"]\n[thresholds]\nauto = 0.9\n')
    config = Config.load(project)
    assert ScriptLimits.from_config(config).env_allow == frozenset()
    assert "execute" in config.ignored_project_tables
    TrustStore().trust(project)
    assert ScriptLimits.from_config(Config.load(project)).env_allow == {"OPENAI_API_KEY"}


def test_a_failed_script_names_the_variables_it_did_not_get(project: Path) -> None:
    item = script(project, "needs_key", "import os, sys\nsys.exit(0 if os.environ.get("
                                        "'STRIPE_SECRET') else 4)\n")
    result = run(project, item, environ={"PATH": os.environ["PATH"], "STRIPE_SECRET": "s3cr3t!!"})
    shown = result.to_dict()
    assert shown["exit_code"] == 4 and shown["withheld_env"] == ["STRIPE_SECRET"]
    assert "env_allow" in shown["hint"]


@pytest.mark.parametrize("bad", ["abc\n", "abc\r", "a\x00b", "abc\t", "ab\x1bc", "\nabc", "Abc",
                                 "a/b", "..", "", "abc\u2028", "ａbc"])
def test_ids_with_newlines_or_control_characters_fail_every_validator(
        bad: str, project: Path) -> None:
    assert not is_item_id(bad)
    with pytest.raises(KiwiError):
        check_id(bad)
    with pytest.raises(KiwiError):
        Library(project / ".ai", None).get(ItemType.SCRIPT, bad)


def test_a_library_file_whose_name_ends_in_a_newline_is_not_an_item(project: Path) -> None:
    folder = project / ".ai" / "scripts"
    folder.mkdir(parents=True)
    (folder / "sneaky\n.py").write_text('"""Sneaky."""\n')
    (folder / "fine.py").write_text('"""Fine."""\n')
    library = Library(project / ".ai", None)
    assert [i.id for i in library.items()] == ["fine"]
    assert any("not a valid item id" in str(e) for e in library.errors)


@pytest.mark.parametrize("params", [{"name\n": "x"}, {"-x": "1"}, {"a b": "1"}, {"é": "1"},
                                    {"name": "a\x00b"}])
def test_odd_parameter_names_and_nul_values_are_refused(params: dict, project: Path) -> None:
    item = script(project, "anything", "print('ran')\n")
    with pytest.raises(KiwiError):
        check_script_params(item, params)
