#!/usr/bin/env bash
# Sets up a fresh machine (see scripts/setup.sh) and runs every test. Unit tests use the MNIST subset
# committed under tests/data, so no dataset download is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet test SweepGrid.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
