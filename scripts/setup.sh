#!/usr/bin/env bash
# Prepares a machine to build and run SweepGrid. Idempotent: a second run only verifies.
#   scripts/setup.sh [--data mnist|fashion-mnist|none] [--no-build]
# Steps: .NET SDK check, libstdc++ new enough for libtorch 2.10, restore + build, dataset fetch.
set -euo pipefail
cd "$(dirname "$0")/.."

data=none
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "setup: unknown argument '$1' (expected --data <mnist|fashion-mnist|none> or --no-build)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# 1. .NET SDK: global.json pins the feature band; fail with the exact fix rather than a restore error.
want=$(sed -n 's/.*"version": *"\([0-9]*\)\..*/\1/p' global.json)
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK $want is required and 'dotnet' is not on PATH." >&2
  echo "       Install it: https://learn.microsoft.com/dotnet/core/install/linux (or apt-get install dotnet-sdk-$want.0 on Ubuntu 24.04)" >&2
  exit 1
fi
have=$(dotnet --version 2>/dev/null || echo none)
case "$have" in
  "$want".*) say ".NET SDK $have" ;;
  *) echo "setup: .NET SDK $want.x required, found '$have'." >&2; exit 1 ;;
esac

# 2. libtorch 2.10 (TorchSharp 0.107) is linked against GLIBCXX_3.4.32 (GCC 13). Debian 12 ships GCC 12's
#    libstdc++; Debian 13's libstdc++6 is a drop-in upgrade, so take only that package from trixie,
#    pinned low so nothing else is pulled from it by accident.
# awk reads to the end (no early exit): with pipefail, ldconfig killed by SIGPIPE would abort this script.
libstdcxx=$(ldconfig -p 2>/dev/null | awk '!found && /libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; found=1}')
libstdcxx=${libstdcxx:-/usr/lib/x86_64-linux-gnu/libstdc++.so.6}
if grep -qa GLIBCXX_3.4.32 "$libstdcxx" 2>/dev/null; then
  say "libstdc++ has GLIBCXX_3.4.32 ($libstdcxx)"
else
  . /etc/os-release
  if [ "${ID:-}" = debian ] && [ "${VERSION_ID:-}" = 12 ] && [ "$(id -u)" = 0 ]; then
    say "libstdc++ lacks GLIBCXX_3.4.32: installing libstdc++6 from Debian 13 (trixie), pinned low"
    cat > /etc/apt/sources.list.d/sweepgrid-trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat > /etc/apt/preferences.d/sweepgrid-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
    grep -qa GLIBCXX_3.4.32 "$libstdcxx" || { echo "setup: libstdc++6 from trixie did not provide GLIBCXX_3.4.32" >&2; exit 1; }
    say "libstdc++ upgraded"
  else
    cat >&2 <<MSG
setup: $libstdcxx lacks GLIBCXX_3.4.32, which libtorch 2.10 (TorchSharp 0.107) needs.
  On Debian 12, as root:
    add Debian 13 as an apt source pinned to priority 100, then
    apt-get update && apt-get install -t trixie libstdc++6
  (re-run this script as root to do exactly that). Elsewhere install GCC 13+'s libstdc++6,
  or use Ubuntu 24.04 / Debian 13, which already have it.
MSG
    exit 1
  fi
fi

# 3. Restore and build once; later runs are incremental and quick.
if [ "$build" = 1 ]; then
  say "building (Release)"
  dotnet build SweepGrid.sln -c Release -nologo -v quiet -clp:ErrorsOnly
fi

# 4. Data: the CLI fetches on first use too; doing it here keeps the first run's output clean.
if [ "$data" != none ]; then
  dotnet run --project src/Client -c Release --no-build -- data fetch "$data"
fi
say "ready"
