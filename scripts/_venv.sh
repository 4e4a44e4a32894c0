# shellcheck shell=bash
# Sourced (not run) by scripts/test, scripts/serve and .ci/run.
#
# sgb_ensure_venv [dev]
#   Make sure the virtualenv $SGB_VENV (default: <repo>/.venv) exists and holds this project installed in
#   editable mode (`pip install -e .` or, with "dev", `pip install -e ".[dev]"`), then put it first on PATH.
#   Editable, so that the tests, the `sgb` executable and the lint tools all see the source tree, never a
#   stale copy. pip runs only when the venv is new or pyproject.toml changed since the last install (a stamp
#   file in the venv records what was installed), so a second run starts at once and needs no network.
#   PYTHON may name the interpreter to build the venv with; otherwise the first Python >= 3.11 found.

SGB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

sgb_find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3 python; do
        [[ -n "$candidate" ]] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "sgb: no Python >= 3.11 found (set PYTHON=/path/to/python3.11)" >&2
    return 1
}

sgb_ensure_venv() {
    local extras="${1:-}"
    local venv="${SGB_VENV:-$SGB_ROOT/.venv}"
    local stamp="$venv/.sgb-installed"
    local python want spec

    if [[ ! -x "$venv/bin/python" ]]; then
        python="$(sgb_find_python)"
        echo "sgb: creating virtualenv $venv with $python" >&2
        "$python" -m venv "$venv"
    fi

    want="$(cd "$SGB_ROOT" && sha256sum pyproject.toml | cut -d' ' -f1)"
    # A dev install also satisfies a plain one.
    if [[ -f "$stamp" ]] && { grep -qx "$want dev" "$stamp" || { [[ -z "$extras" ]] && grep -qx "$want" "$stamp"; }; }; then
        :
    else
        spec="."
        [[ -n "$extras" ]] && spec=".[$extras]"
        echo "sgb: installing $spec (editable) into $venv" >&2
        (cd "$SGB_ROOT" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec")
        if [[ -n "$extras" ]]; then echo "$want $extras" >"$stamp"; else echo "$want" >"$stamp"; fi
    fi

    export VIRTUAL_ENV="$venv"
    export PATH="$venv/bin:$PATH"
    hash -r
}
