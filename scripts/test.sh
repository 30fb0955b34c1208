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
dotnet test SweepGrid.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "${filter[@]}" "$@"
