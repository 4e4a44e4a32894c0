"""The build, with the projector's modules compiled by mypyc when ``SGB_COMPILE=1``.

Everything else is in pyproject.toml, and so is the list of modules compiled (``[tool.sgb]``). Compiled,
the rebuild's projector takes less CPU time (BENCHMARKS.md) and the modules behave the same:
scripts/test-compiled runs the tests against them, in CI too. Opt-in, because an editable install would
put the compiled modules in the source tree, where Python loads them in place of the sources beside them,
edited or not. The compiled build needs mypy and a C compiler where it is built, and the dependencies
installed (compiling type-checks the modules):

    pip install mypy setuptools wheel && pip install --no-build-isolation .
    SGB_COMPILE=1 pip wheel --no-build-isolation --no-deps --wheel-dir dist .
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from setuptools import setup


def compiled_extensions() -> list[Any]:  # setuptools and distutils Extensions, as mypyc makes them
    if os.environ.get("SGB_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    pyproject = tomllib.loads((Path(__file__).parent / "pyproject.toml").read_text(encoding="utf-8"))
    paths = [name.replace(".", "/") + ".py" for name in pyproject["tool"]["sgb"]["compiled-modules"]]
    # One shared library, named in the package rather than by a hash at the top level of site-packages.
    return mypycify(paths, opt_level="3", group_name="service.projections.compiled")


setup(ext_modules=compiled_extensions())
