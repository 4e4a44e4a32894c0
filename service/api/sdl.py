"""Write the schema's SDL: `python -m service.api.sdl [schema.graphql]` (stdout without a path).

`schema.graphql` at the repository root is checked in, and a test fails when it differs from the live schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

from service.api.schema import schema

REGENERATE = "python -m service.api.sdl schema.graphql"


def sdl() -> str:
    return schema.as_str().rstrip("\n") + "\n"


def main(argv: list[str]) -> None:
    if argv:
        Path(argv[0]).write_text(sdl(), encoding="utf-8")
    else:
        sys.stdout.write(sdl())


if __name__ == "__main__":
    main(sys.argv[1:])
