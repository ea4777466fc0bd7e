"""`kiwi calibrate`: the large-library calibration fitted on cases routed through the routing
loop, with the real model, written beside the adapter without touching its other fits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks.large_library import write_project
from predictors.router.calibration import calibration_path, read_fits
from predictors.runtime.models import adapter_path
from tests.conftest import DEV_PROJECT

pytestmark = pytest.mark.slow


@pytest.fixture
def adapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped router adapter and its calibration, which `kiwi calibrate` may
    change (without the filling adapter: no params are filled, which a fit does not need)."""
    shipped = adapter_path()
    assert shipped is not None, "the shipped router adapter is missing"
    copy = tmp_path / "adapter" / shipped.name
    copy.parent.mkdir()
    shutil.copyfile(shipped, copy)
    shutil.copyfile(calibration_path(shipped), calibration_path(copy))
    monkeypatch.setenv("KIWI_ROUTER_ADAPTER", str(copy))
    return copy


def test_a_large_librarys_fit_is_written_beside_the_adapter_and_nothing_else_moves(
        run_kiwi, tmp_path: Path, adapter: Path) -> None:
    project = tmp_path / "large"
    write_project(project, ["hr_recruiting", "ecommerce_inventory"])
    cases = [line for line in (project / "cases.jsonl").read_text().splitlines()
             if '"item_id"' in line][:48]
    (tmp_path / "cases.jsonl").write_text("\n".join(cases) + "\n")
    before = json.loads(calibration_path(adapter).read_text())

    result = run_kiwi("calibrate", tmp_path / "cases.jsonl", "--project", project, "--json",
                      timeout=600)
    assert result.returncode == 0, result.stderr
    fitted = json.loads(result.stdout)
    assert fitted["written"] == str(calibration_path(adapter))
    assert fitted["cases"]["cases"] == 48
    assert fitted["examples"] == fitted["cases"]["fitted"] >= 40
    # The fit starts from the whole requests' weights and only improves on them.
    assert fitted["nll"] <= fitted["before"]["nll"]
    after = json.loads(calibration_path(adapter).read_text())
    assert after["large"]["retrieval_weight"] == fitted["retrieval_weight"]
    assert {k: v for k, v in after.items() if k != "large"} == {
        k: v for k, v in before.items() if k != "large"}
    assert read_fits(adapter).large is not None


def test_a_library_that_fits_one_menu_is_refused_and_nothing_is_written(
        run_kiwi, dev_project: Path, adapter: Path) -> None:
    before = calibration_path(adapter).read_bytes()
    result = run_kiwi("calibrate", DEV_PROJECT.parent / "cases.jsonl", "--project", dev_project)
    assert result.returncode == 2
    assert "fit one menu" in result.stderr and "Traceback" not in result.stderr
    assert calibration_path(adapter).read_bytes() == before
