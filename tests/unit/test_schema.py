"""An item's schema, read statically, and the values checked against it: a script's argparse
options (type, choices, default, help, required) and a directive's inputs. A value of the wrong
type, or outside an input's choices, is never proposed and never run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiwi_term.errors import KiwiError
from kiwi_term.library.items import Input, ItemType
from kiwi_term.primitives import Kiwi
from predictors.router.params import call_params

RESIZE = '''"""Resize the images in a folder.

Tags: images
"""
import argparse
import json

parser = argparse.ArgumentParser()
parser.add_argument("--folder", required=True, help="the folder of images")
parser.add_argument("--width", type=int, default=800, help="pixels wide")
parser.add_argument("--scale", type=float)
parser.add_argument("--format", choices=["png", "jpg", "webp"], default="png")
parser.add_argument("--level", type=int, choices=[1, 2, 3])
parser.add_argument("--dry-run", action="store_true")
args = parser.parse_args()
print(json.dumps(vars(args)))
'''


@pytest.fixture
def kiwi(project: Path, put) -> Kiwi:
    put(project / ".ai/scripts/resize_images.py", RESIZE)
    return Kiwi(project)


def test_argparse_options_are_read_with_their_types_choices_and_defaults(kiwi: Kiwi) -> None:
    item = kiwi.get_item(ItemType.SCRIPT, "resize_images")
    options = {i.name: i for i in item.inputs}
    assert options["folder"] == Input("folder", "string", True, None, "the folder of images")
    assert (options["width"].type, options["width"].default) == ("int", "800")
    assert options["scale"].type == "number"
    assert options["format"].choices == ("png", "jpg", "webp")
    assert (options["level"].type, options["level"].choices) == ("int", ("1", "2", "3"))
    assert options["dry-run"].type == "bool"


@pytest.mark.parametrize(("spec", "value", "expected"), [
    (Input("n", "int"), "800", 800),
    (Input("n", "int"), 800.0, 800),
    (Input("n", "number"), "2.5", 2.5),
    (Input("flag", "bool"), "Yes", True),
    (Input("format", choices=("png", "jpg")), "PNG", "png"),
    (Input("level", "int", choices=("1", "2")), "2", 2),
])
def test_values_take_the_inputs_type_and_choice(spec: Input, value, expected) -> None:
    assert spec.coerce(value) == expected
    assert type(spec.coerce(value)) is type(expected)


@pytest.mark.parametrize(("spec", "value"), [
    (Input("n", "int"), "eight hundred"),
    (Input("n", "int"), "2.5"),
    (Input("n", "int"), True),
    (Input("flag", "bool"), "maybe"),
    (Input("format", choices=("png", "jpg")), "gif"),
    (Input("level", "int", choices=("1", "2")), "3"),
    (Input("name"), ["a", "list"]),
])
def test_a_wrong_value_is_refused(spec: Input, value) -> None:
    with pytest.raises(ValueError):
        spec.coerce(value)


def test_a_wrong_type_or_choice_is_never_proposed(kiwi: Kiwi) -> None:
    item = kiwi.get_item(ItemType.SCRIPT, "resize_images")
    assert call_params(item, "resize them width=wide format=gif level=9") == {}
    assert call_params(item, "resize with width=640 level=2") == {"width": 640, "level": 2}
    # A word that is one of an input's choices; two of them would be a guess.
    assert call_params(item, "make them webp") == {"format": "webp"}
    assert call_params(item, "png or jpg?") == {}


def test_a_script_runs_with_typed_values_and_refuses_wrong_ones(kiwi: Kiwi) -> None:
    def run(**params):
        return kiwi.execute("script", "resize_images", "run", params)

    result = run(folder="assets", width="640", format="JPG", **{"dry-run": "true"})
    assert result["status"] == "ok", result
    assert '"width": 640' in result["stdout"] and '"format": "jpg"' in result["stdout"]
    assert '"dry_run": true' in result["stdout"]
    assert '"dry_run": false' in run(folder="assets", **{"dry-run": False})["stdout"]
    with pytest.raises(KiwiError, match="--width 'wide' is not a number"):
        run(folder="assets", width="wide")
    with pytest.raises(KiwiError, match="--format 'gif' is not one of png, jpg, webp"):
        run(folder="assets", format="gif")
    with pytest.raises(KiwiError, match="missing required parameter folder"):
        run(width=640)
