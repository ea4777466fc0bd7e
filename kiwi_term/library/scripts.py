"""Running a script item: a subprocess of this interpreter, `--name value` arguments, no shell.

Each run has its own process group, an environment without Kiwi's secrets (`script_env`) and
output that is bounded in memory and capped on disk (`script_output`).
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from kiwi_term.errors import KiwiError
from kiwi_term.library.items import Item
from kiwi_term.library.params import missing_inputs, takes
from kiwi_term.library.script_env import env_names, provider_key_names, script_environment
from kiwi_term.library.script_output import TRUNCATED, CapturedOutput

DEFAULT_OUTPUT_CAP = 10 * 1024 * 1024
"""Bytes of a run's output kept on disk (`[execute] output_cap`); the rest is dropped."""
TERM_GRACE = 0.5
"""Seconds between SIGTERM and SIGKILL to the run's process group on timeout or cancel."""
DRAIN_GRACE = 0.5
"""Seconds the output pipes may stay open once the script exited or its group was killed: a
background process (in the group or one that left it) may hold them, and is not waited for."""

_PARAM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class ScriptResult:
    """What a script run produced."""

    exit_code: int
    stdout: str
    stderr: str
    duration_ms: float
    saved_to: Path | None = None
    """Where the full output went when it was too long to return whole."""
    timed_out: bool = False
    cancelled: bool = False
    withheld_env: tuple[str, ...] = ()
    """Environment variables kept from the script because they look like secrets."""

    @property
    def ok(self) -> bool:
        """True when the script exited with code 0."""
        return self.exit_code == 0 and not self.timed_out and not self.cancelled

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as returned by `execute`."""
        data: dict[str, Any] = {
            "status": "ok" if self.ok else "failed",
            "exit_code": self.exit_code,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "duration_ms": round(self.duration_ms, 1),
        }
        if self.saved_to:
            data["full_output"] = str(self.saved_to)
        if self.timed_out:
            data["error"] = "timed out"
        if self.cancelled:
            data["error"] = "cancelled"
        if self.withheld_env and not self.ok:
            # A script that failed for want of a credential should say which ones it lacked.
            data["withheld_env"] = list(self.withheld_env)
            data["hint"] = ("secret-looking environment variables were withheld from the script; "
                            "list those it needs in [execute] env_allow of your config.toml")
        return data


@dataclass(frozen=True)
class ScriptLimits:
    """How scripts run, from the `[execute]` and `[providers]` tables of the config."""

    timeout: float = 60.0
    """Seconds before the script's process group is killed."""
    output_limit: int = 4096
    """Bytes of stdout plus stderr returned whole; past it the output goes to a log file."""
    output_cap: int = DEFAULT_OUTPUT_CAP
    """Bytes of output kept in that log file at most."""
    env_allow: frozenset[str] = frozenset()
    """Secret-looking environment variables scripts may have all the same."""
    secret_env: frozenset[str] = frozenset()
    """More variables to withhold: the provider key names the config gives."""

    @classmethod
    def from_config(cls, config: Any) -> ScriptLimits:
        """Read the limits from a `Config` (anything with `section(name) -> dict`); malformed
        values fall back to the defaults."""
        execute = config.section("execute")
        return cls(
            timeout=float(_positive(execute.get("timeout"), 60.0)),
            output_limit=int(_positive(execute.get("output_limit"), 4096)),
            output_cap=int(_positive(execute.get("output_cap"), DEFAULT_OUTPUT_CAP)),
            env_allow=env_names(execute.get("env_allow")),
            secret_env=provider_key_names(config.section("providers")),
        )

    def options(self) -> dict[str, Any]:
        """Keyword arguments for `run_script`."""
        return {"timeout": self.timeout, "output_limit": self.output_limit,
                "output_cap": self.output_cap, "env_allow": self.env_allow,
                "secret_env": self.secret_env}


def _positive(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        return default
    return value


def script_arguments(params: dict[str, Any], flags: frozenset[str] = frozenset()) -> list[str]:
    """Turn params into `--name value` arguments (booleans as true/false); an option in `flags`
    (argparse's store_true or store_false) is passed bare when true and left out when false."""
    args = []
    for name, value in params.items():
        if value is None:
            continue
        if name in flags:
            if value is True or str(value).strip().lower() in ("true", "yes", "1", "on"):
                args.append(f"--{name}")
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        args += [f"--{name}", str(value)]
    return args


def check_script_params(item: Item, params: dict[str, Any]) -> dict[str, Any]:
    """Refuse params the script does not declare, and missing required ones.

    A script whose options cannot be read from its source (no argparse) takes any params.

    Raises:
        KiwiError: a param is unknown, missing or not a plain value.
    """
    for name, value in params.items():
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name):
            raise KiwiError(f"script {item.id}: invalid parameter name {name!r}")
        if isinstance(value, dict | list):
            raise KiwiError(f"script {item.id}: parameter {name!r} must be a plain value")
        if "\x00" in str(value):
            raise KiwiError(f"script {item.id}: parameter {name!r} holds a NUL character")
    if not item.inputs:
        return params
    declared = {i.name for i in item.inputs}
    unknown = sorted(set(params) - declared)
    if unknown:
        raise KiwiError(
            f"script {item.id} has no option {', '.join('--' + u for u in unknown)} "
            f"(it takes {', '.join('--' + d for d in sorted(declared))})"
        )
    missing = missing_inputs(item, params)
    if missing:
        # A blank value counts as missing: `--file ""` would satisfy argparse and run on nothing.
        about = "; ".join(f"{i.name} ({takes(i)})" + (f": {i.description}" if i.description
                                                       else "") for i in missing)
        give = " ".join(f"{i.name}=VALUE" for i in missing)
        raise KiwiError(f"script {item.id}: missing required parameter {about}; nothing ran "
                        f"(give {give})")
    checked = dict(params)
    for spec in item.inputs:
        value = params.get(spec.name)
        if value is None:
            continue
        try:
            checked[spec.name] = spec.coerce(value)
        except ValueError as exc:
            raise KiwiError(f"script {item.id}: --{spec.name} {value!r} is {exc} "
                            f"(it takes {takes(spec)})") from None
    return checked


def run_script(
    item: Item,
    params: dict[str, Any],
    *,
    cwd: Path,
    outputs: Path,
    timeout: float = 60.0,
    output_limit: int = 4096,
    output_cap: int = DEFAULT_OUTPUT_CAP,
    env_allow: Iterable[str] = (),
    secret_env: Iterable[str] = (),
    cancel: threading.Event | None = None,
    environ: Mapping[str, str] | None = None,
) -> ScriptResult:
    """Run a script item in its own process group and collect its result.

    Output is read as it comes: memory holds only what the result shows; past `output_limit`
    everything streams to a log under `outputs/scripts/<id>/`, at most `output_cap` bytes. On
    timeout or cancel the whole process group gets SIGTERM, then SIGKILL, and the call returns
    within about 2 s even if a background child still holds the output pipes. When the script
    exits by itself, what it left in the background is left alone, and not waited for.

    Args:
        item: the script.
        params: passed as `--name value`.
        cwd: the working folder, the project's root; its `.env` adds to the environment.
        outputs: the `.ai/outputs` folder where long output is saved.
        timeout: seconds before the script's process group is killed.
        output_limit: bytes of stdout plus stderr returned whole; past it the rest is saved.
        output_cap: bytes of output saved at most; the rest is dropped and the result says so.
        env_allow: secret-looking variables the script may have (see `script_env`).
        secret_env: more variables to withhold (the config's provider key names).
        cancel: set it to stop the script.
        environ: the environment to start from (default: Kiwi's own).

    Raises:
        KiwiError: the script could not be started.
    """
    env, withheld = script_environment(
        os.environ if environ is None else environ, secret_names=secret_env, allow=env_allow)
    env_file = cwd / ".env"
    if env_file.is_file():
        env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    flags = frozenset(i.name for i in item.inputs if i.type == "bool")
    command = [sys.executable, str(item.path), *script_arguments(params, flags)]
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,
        )
    except (OSError, ValueError) as exc:
        raise KiwiError(f"script {item.id} could not start: {exc}") from None
    output = CapturedOutput(outputs / "scripts" / item.id, output_limit, output_cap)
    try:
        ending = _collect(proc, output, start + timeout, cancel)
    finally:
        if proc.poll() is None:
            _signal_group(proc, signal.SIGKILL)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
        saved_to = output.close()
    duration = (time.monotonic() - start) * 1000
    stdout, stderr, cut = output.text()
    if ending == "timed out":
        stderr += f"\n[kiwi] killed after {timeout:g} s (execute.timeout in config)"
    if saved_to is not None:
        stdout, stderr = _truncate(stdout, stderr, output_limit, saved_to)
        if output.capped:
            stderr += "\n" + output.cap_note()
    elif cut:
        stdout += f"\n{TRUNCATED}"
    return ScriptResult(
        exit_code=proc.returncode if proc.returncode is not None else -int(signal.SIGKILL),
        stdout=stdout,
        stderr=stderr,
        duration_ms=duration,
        saved_to=saved_to,
        timed_out=ending == "timed out",
        cancelled=ending == "cancelled",
        withheld_env=withheld,
    )


def _collect(proc: subprocess.Popen, output: CapturedOutput, deadline: float,
             cancel: threading.Event | None) -> str:
    """Read the script's pipes until they close and it has exited, or it must be stopped.

    Returns:
        "exited", "timed out" or "cancelled".
    """
    ending = "exited"
    stopped_at: float | None = None
    """When the script exited, or SIGTERM went to its group."""
    killed = False
    with selectors.DefaultSelector() as selector:
        for name, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            assert pipe is not None
            os.set_blocking(pipe.fileno(), False)
            selector.register(pipe, selectors.EVENT_READ, name)
        while True:
            if selector.get_map():
                for key, _ in selector.select(timeout=0.05):
                    try:
                        chunk = os.read(key.fd, 1 << 16)
                    except BlockingIOError:
                        continue
                    if chunk:
                        output.add(key.data, chunk)
                    else:
                        selector.unregister(key.fileobj)
            else:
                time.sleep(0.02)
            now = time.monotonic()
            exited = proc.poll() is not None
            if exited and not selector.get_map():
                break
            if stopped_at is None:
                if exited:
                    stopped_at = now
                elif cancel is not None and cancel.is_set():
                    ending, stopped_at = "cancelled", now
                    _signal_group(proc, signal.SIGTERM)
                elif now > deadline:
                    ending, stopped_at = "timed out", now
                    _signal_group(proc, signal.SIGTERM)
                continue
            waited = now - stopped_at
            if ending != "exited" and not killed and (waited > TERM_GRACE or exited):
                # The script may be gone while its children, in its group, still hold the pipes.
                _signal_group(proc, signal.SIGKILL)
                killed = True
            grace = DRAIN_GRACE + (TERM_GRACE if ending != "exited" else 0.0)
            if waited > grace:
                break
    return ending


def _signal_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    """Signal the script's whole process group (it leads its own: start_new_session=True)."""
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass  # everything in the group has gone already
    if sig == signal.SIGKILL:
        try:
            proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            pass


def _truncate(stdout: str, stderr: str, limit: int, saved_to: Path) -> tuple[str, str]:
    note = f"\n{TRUNCATED}; full output in {saved_to}"
    out_budget = max(limit - min(len(stderr), limit // 4), limit // 2)
    err_budget = max(limit - out_budget, 0)
    if len(stdout) > out_budget:
        stdout = stdout[:out_budget] + note
    if len(stderr) > err_budget:
        stderr = stderr[-err_budget:] if err_budget else ""
        stderr += note if note not in stdout else ""
    return stdout, stderr
