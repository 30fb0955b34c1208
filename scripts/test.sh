#!/usr/bin/env bash
# Sets up a fresh machine (see scripts/setup.sh) and runs every test. Unit tests use the MNIST subset
# committed under tests/data, so no dataset download is needed.
#
#   scripts/test.sh            every test
#   scripts/test.sh --fast     the unit tests only (no silo processes, clusters, PostgreSQL or compose): about a minute
#   scripts/test.sh [--fast] -- ARGS   more arguments for dotnet test (e.g. --filter ...)
set -euo pipefail
cd "$(dirname "$0")/.."
filter=()
if [[ "${1:-}" == "--fast" ]]; then
  shift
  # Integration tests carry [Trait("Category", "Integration")].
  filter=(--filter "Category!=Integration")
fi
if [[ "${1:-}" == "--" ]]; then
  shift
fi
scripts/setup.sh
# The report's browser test (an integration test) drives Debian's headless chromium over the DevTools protocol.
if [[ ${#filter[@]} -eq 0 ]] && ! command -v chromium >/dev/null 2>&1 && [[ -z "${SWEEPGRID_CHROMIUM:-}" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    printf '\033[1mtest:\033[0m installing chromium for the report browser test\n'
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: no chromium on PATH; the report browser test will fail. Install it (apt-get install chromium) or set SWEEPGRID_CHROMIUM." >&2
  fi
fi
dotnet test SweepGrid.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "${filter[@]}" "$@"
