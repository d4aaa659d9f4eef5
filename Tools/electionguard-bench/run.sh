#!/usr/bin/env bash
# Side-by-side peer measurement: electionguard-python 1.4.0 on Urna's `Tools/bench verify` ballot
# shape (one contest of 10 candidates, vote for 1). Not run in CI; needs PyPI.
#
# usage: Tools/electionguard-bench/run.sh [--fresh] [--ballots N] [--library-logging]
#   --fresh   delete and rebuild the venv
#   other arguments go to bench.py (see its --help)
#
# Makes a Python 3.10 venv under $EGBENCH_DIR (default /tmp/urna-electionguard-bench), installs
# electionguard==1.4.0 with gmpy2 (a hard dependency of electionguard 1.4.0: its group.py imports
# gmpy2, so there is no pure-Python fallback), then runs bench.py twice: as is, and pinned to CPU 0
# with `taskset -c 0` (lines suffixed -taskset) when taskset exists. Prints `bench` lines.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${EGBENCH_DIR:-/tmp/urna-electionguard-bench}"
venv="$dir/venv"

if [ "${1:-}" = "--fresh" ]; then
    shift
    rm -rf "$venv"
fi

python="${PYTHON:-}"
if [ -z "$python" ]; then
    if command -v pyenv >/dev/null && [ -x "$(pyenv root)/versions/3.10.13/bin/python3.10" ]; then
        python="$(pyenv root)/versions/3.10.13/bin/python3.10"
    elif command -v python3.10 >/dev/null; then
        python="$(command -v python3.10)"
    else
        echo "run.sh: no Python 3.10 found (set PYTHON=/path/to/python3.10)" >&2
        exit 1
    fi
fi

SECONDS=0
if ! "$venv/bin/python" -c 'import electionguard, gmpy2' 2>/dev/null; then
    rm -rf "$venv"
    mkdir -p "$dir"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
    # Prefer a gmpy2 wheel; if none fits this platform, let pip build it from source (needs the GMP,
    # MPFR and MPC headers: apt-get install libgmp-dev libmpfr-dev libmpc-dev).
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary gmpy2 electionguard==1.4.0 >&2; then
        echo "run.sh: no gmpy2 wheel for this platform; building gmpy2 from source" >&2
        if ! "$venv/bin/pip" install --quiet --disable-pip-version-check electionguard==1.4.0 >&2; then
            echo "run.sh: electionguard==1.4.0 did not install (gmpy2 is required by it; see above)" >&2
            exit 1
        fi
    fi
    setup=installed
else
    setup=reused
fi
echo "bench eg-venv $setup"
echo "bench eg-setup-seconds $SECONDS s"

unset PRIME_OPTION  # ElectionGuard's switch to its small test group; the standard 4096-bit group is measured
"$venv/bin/python" "$here/bench.py" "$@"
if command -v taskset >/dev/null; then
    taskset -c 0 "$venv/bin/python" "$here/bench.py" --suffix=-taskset "$@"
else
    echo "run.sh: taskset not found; the pinned run is skipped" >&2
fi
