#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for bench/gpu/run.sh on the GPU machine, which has PyTorch's CUDA libtorch and
# python3 but no .NET and no network. Run here, from anywhere in the checkout:
#   bench/gpu/stage.sh
# It publishes the four programs the GPU check runs (trainer-bench, fused-bench, the sweepgrid CLI, the silo host)
# framework-dependent into one folder with -p:TorchBackend=external (the TorchSharp package alone: libtorch comes
# from the GPU machine's PyTorch), packs this machine's .NET runtime, and copies the Fashion-MNIST IDX files, so that
# the device command is just `bash bench/gpu/run.sh`. Keep .device under 64 MiB (it travels with the working tree).
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
dev=.device
rm -rf "$dev/app" "$dev/data" && mkdir -p "$dev/app" "$dev/data/fashion-mnist"
log=$(mktemp /tmp/gpu-stage-XXXXXX.log)
# Its own bin/ and obj/: publishing another TorchBackend in place would re-restore the checkout's projects and
# overwrite its CPU builds.
artifacts=$(mktemp -d /tmp/gpu-stage-artifacts-XXXXXX)
for proj in bench/Trainer.Bench/Trainer.Bench.csproj bench/Fused.Bench/Fused.Bench.csproj \
            src/Client/SweepGrid.Client.csproj src/SiloHost/SweepGrid.SiloHost.csproj; do
  echo "publishing $proj"
  dotnet publish "$proj" -c Release -o "$dev/app" -p:TorchBackend=external --artifacts-path "$artifacts" >>"$log" 2>&1 || { tail -30 "$log"; exit 1; }
done
# Whatever native torch binaries slipped in are replaced by the GPU machine's own; other platforms' natives are dead weight.
find "$dev/app" \( -name 'libtorch*' -o -name 'libc10*' -o -name 'libgomp*' \) -delete
for r in "$dev"/app/runtimes/*; do
  case $(basename "$r") in linux-x64|linux|unix) ;; *) rm -rf "$r" ;; esac
done
find "$dev/app" -name '*.pdb' -delete
dn=$(dirname "$(readlink -f "$(command -v dotnet)")")
tar -C "$dn" -cJf "$dev/dotnet-rt.tar.xz" dotnet host shared/Microsoft.NETCore.App
rm -f "$dev/aspnetcore-rt.tar.xz"
# The reference sweep's data: SWEEPGRID_DATA, else the user's cache (where `sweepgrid data fetch` puts it).
data=${SWEEPGRID_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/sweepgrid/data}/fashion-mnist
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  # xz packs the IDX files a seventh smaller than gzip; run.sh unpacks them on the device.
  if [[ -f $data/$f.gz ]]; then gzip -dc "$data/$f.gz" | xz -9e -T0 > "$dev/data/fashion-mnist/$f.xz"
  elif [[ -f $data/$f ]]; then xz -9e -T0 -c "$data/$f" > "$dev/data/fashion-mnist/$f.xz"
  else echo "stage: $data/$f(.gz) missing: run scripts/sweepgrid data fetch fashion-mnist" >&2; exit 1; fi
done
# The app folder travels packed too: the carry limit counts bytes. The silo host needs ASP.NET Core's shared
# framework as well; it is staged only while everything still fits, and run.sh says so when it was left out.
tar -C "$dev" -cJf "$dev/app.tar.xz" app && rm -rf "$dev/app"
limit=$((64 * 1024 * 1024))
used=$(du -cb "$dev"/*.tar.xz "$dev"/data/fashion-mnist/* | tail -1 | cut -f1)
if [[ -d $dn/shared/Microsoft.AspNetCore.App ]]; then
  tar -C "$dn" -cJf "$dev/aspnetcore-rt.tar.xz" shared/Microsoft.AspNetCore.App
  extra=$(stat -c %s "$dev/aspnetcore-rt.tar.xz")
  if (( used + extra > limit )); then
    echo "stage: leaving out ASP.NET Core ($((extra / 1048576)) MiB): the silo-host check would not fit in 64 MiB"
    rm -f "$dev/aspnetcore-rt.tar.xz"
  else
    used=$((used + extra))
  fi
fi
echo "staged $dev: $((used / 1048576)) MiB of 64 MiB"
(( used <= limit )) || { echo "stage: $dev is over 64 MiB" >&2; exit 1; }
