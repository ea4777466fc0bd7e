"""`kiwi tune --apply` edits config.toml in place: values set, the rest of the file kept."""

from __future__ import annotations

import tomllib

import pytest

from kiwi_term.errors import KiwiError
from kiwi_term.interactions import tune

CONFIG = """\
# my settings
log = true

[thresholds]
auto = 0.85  # the default
other = "kept"

[router]
name = "embedding"
"""


def test_set_toml_values_keeps_the_rest_of_the_file() -> None:
    text = tune.set_toml_values(CONFIG, "thresholds", {"auto": 0.8, "confirm": 0.45})
    assert text.startswith("# my settings\nlog = true\n")
    assert "auto = 0.8  # the default\n" in text
    data = tomllib.loads(text)
    assert data["thresholds"] == {"auto": 0.8, "other": "kept", "confirm": 0.45}
    assert data["router"] == {"name": "embedding"} and data["log"] is True


def test_set_toml_values_adds_a_missing_table() -> None:
    text = tune.set_toml_values('log = false\n[router]\nname = "gguf"', "thresholds",
                                {"auto": 0.9})
    assert tomllib.loads(text) == {"log": False, "router": {"name": "gguf"},
                                   "thresholds": {"auto": 0.9}}
    assert tomllib.loads(tune.set_toml_values("", "thresholds", {"auto": 1.0})) == {
        "thresholds": {"auto": 1.0}}


def test_set_toml_values_refuses_layouts_it_cannot_edit() -> None:
    with pytest.raises(KiwiError, match="by hand"):
        tune.set_toml_values("thresholds = { auto = 0.9 }\n", "thresholds", {"auto": 0.8})
    with pytest.raises(KiwiError, match="does not parse"):
        tune.set_toml_values("[thresholds\n", "thresholds", {"auto": 0.8})
