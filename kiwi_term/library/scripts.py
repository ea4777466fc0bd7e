"""Running a script item: a subprocess of this interpreter, `--name value` arguments, no shell."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from kiwi_term.errors import KiwiError
from kiwi_term.library.items import Item


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
        return data


def script_arguments(params: dict[str, Any]) -> list[str]:
    """Turn params into `--name value` arguments (booleans as true/false)."""
    args = []
    for name, value in params.items():
        if value is None:
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
        if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
            raise KiwiError(f"script {item.id}: invalid parameter name {name!r}")
        if isinstance(value, (dict, list)):
            raise KiwiError(f"script {item.id}: parameter {name!r} must be a plain value")
    if not item.inputs:
        return params
    declared = {i.name for i in item.inputs}
    unknown = sorted(set(params) - declared)
    if unknown:
        raise KiwiError(
            f"script {item.id} has no option {', '.join('--' + u for u in unknown)} "
            f"(it takes {', '.join('--' + d for d in sorted(declared))})"
        )
    missing = [i.name for i in item.inputs if i.required and params.get(i.name) is None]
    if missing:
        raise KiwiError(f"script {item.id}: missing required parameter {', '.join(missing)}")
    return params


def run_script(
    item: Item,
    params: dict[str, Any],
    *,
    cwd: Path,
    outputs: Path,
    timeout: float = 60.0,
    output_limit: int = 4096,
    cancel: threading.Event | None = None,
) -> ScriptResult:
    """Run a script item and collect its result.

    Args:
        item: the script.
        params: passed as `--name value`.
        cwd: the working folder, the project's root; its `.env` adds to the environment.
        outputs: the `.ai/outputs` folder where long output is saved.
        timeout: seconds before the script is killed.
        output_limit: bytes of stdout plus stderr returned whole; past it the rest is saved.
        cancel: set it to stop the script.
    """
    env = dict(os.environ)
    env_file = cwd / ".env"
    if env_file.is_file():
        env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    command = [sys.executable, str(item.path), *script_arguments(params)]
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    except OSError as exc:
        raise KiwiError(f"script {item.id} could not start: {exc}") from None
    timed_out = cancelled = False
    stdout = stderr = ""
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            if cancel is not None and cancel.is_set():
                cancelled = True
            elif time.perf_counter() - start > timeout:
                timed_out = True
            else:
                continue
            proc.kill()
            stdout, stderr = proc.communicate()
            break
    duration = (time.perf_counter() - start) * 1000
    if timed_out:
        stderr += f"\n[kiwi] killed after {timeout:g} s (execute.timeout in config)"
    saved_to = None
    if len(stdout.encode()) + len(stderr.encode()) > output_limit:
        saved_to = _save_output(outputs / "scripts" / item.id, stdout, stderr)
        stdout, stderr = _truncate(stdout, stderr, output_limit, saved_to)
    return ScriptResult(
        exit_code=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        duration_ms=duration,
        saved_to=saved_to,
        timed_out=timed_out,
        cancelled=cancelled,
    )


def _save_output(folder: Path, stdout: str, stderr: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}.log"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"# stdout\n{stdout}\n# stderr\n{stderr}\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def _truncate(stdout: str, stderr: str, limit: int, saved_to: Path) -> tuple[str, str]:
    note = f"\n[kiwi] output truncated; full output in {saved_to}"
    out_budget = max(limit - min(len(stderr), limit // 4), limit // 2)
    err_budget = max(limit - out_budget, 0)
    if len(stdout) > out_budget:
        stdout = stdout[:out_budget] + note
    if len(stderr) > err_budget:
        stderr = stderr[-err_budget:] if err_budget else ""
        stderr += note if note not in stdout else ""
    return stdout, stderr
