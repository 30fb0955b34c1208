#!/usr/bin/env bash
# The chaos soak: a sweep on three silo processes and a PostgreSQL of its own, through repeated kill -9 of
# silos (restarted), a PostgreSQL restart (immediate stop, ~10 s down) and a whole-cluster kill; once with
# fuse: off (checked bit for bit against an uninterrupted `sweepgrid run`) and once with fuse: auto.
# Writes bench/results/chaos.json; exit code 0 only when nothing was lost, duplicated, orphaned or blamed.
#
#   scripts/chaos.sh            the full soak: 16 trials on 20,000 MNIST images, 6 epochs (tens of minutes on 2 cores)
#   scripts/chaos.sh --short    the committed MNIST subset, 4 trials, one fault of each kind, fuse off (minutes)
#   scripts/chaos.sh --help     every option of bench/Chaos.Bench (--out, --work-dir, --seed)
#
# On a fresh machine run scripts/setup.sh first (SDK, libstdc++); this script builds when needed and
# fetches MNIST for the full soak when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'chaos: %s\n' "$*" >&2; }

bench=bench/Chaos.Bench/bin/Release/net10.0/chaos-bench.dll
silo=src/SiloHost/bin/Release/net10.0/SweepGrid.SiloHost.dll
cli=src/Client/bin/Release/net10.0/sweepgrid.dll
# Build when anything is missing or a source file is newer than the soak's binary (cheap when up to date).
if [ ! -f "$bench" ] || [ ! -f "$silo" ] || [ ! -f "$cli" ] \
   || [ -n "$(find src tests/SweepGrid.Testing bench/Chaos.Bench \( -name '*.cs' -o -name '*.csproj' -o -name '*.sql' \) -newer "$bench" -print -quit)" ]; then
  say "building (Release)"
  dotnet build SweepGrid.sln -c Release -nologo -v quiet -clp:ErrorsOnly
fi

short=0
for a in "$@"; do
  case "$a" in
    --short) short=1 ;;
    -h|--help) exec dotnet "$bench" --help ;;
  esac
done

if [ "$short" = 0 ]; then
  # Same lookup as the CLI and the bench: $SWEEPGRID_DATA, else ~/.cache/sweepgrid/data.
  data="${SWEEPGRID_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/sweepgrid/data}"
  if ! ls "$data"/mnist/train-images-idx3-ubyte* >/dev/null 2>&1; then
    say "MNIST not in $data: fetching it"
    scripts/sweepgrid data fetch mnist
  fi
fi

exec dotnet "$bench" "$@"
