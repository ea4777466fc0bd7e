"""The orchestrator and interaction-log packages import one way only: no circles, counting
imports made inside functions and for type checking."""

from __future__ import annotations

import grimp
import pytest

PACKAGES = ("kiwi_term.orchestrator", "kiwi_term.interactions")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("kiwi_term", exclude_type_checking_imports=False)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_of_the_package_imports_one_that_imports_it_back(
    graph: grimp.ImportGraph, package: str
) -> None:
    modules = sorted({package, *graph.find_descendants(package)})
    circles = []
    for module in modules:
        for other in graph.find_modules_that_directly_import(module):
            if other not in modules:
                continue
            back = graph.find_shortest_chain(importer=module, imported=other)
            if back is not None:
                circles.append((other, *back))
    assert circles == [], f"import circles in {package}: {circles}"


def test_the_old_api_key_module_still_answers_for_its_importers() -> None:
    from kiwi_term.orchestrator import credentials, keys

    assert keys.get_key is credentials.get_key and keys.PASSPHRASE_ENV == "KIWI_KEYRING_PASSPHRASE"
