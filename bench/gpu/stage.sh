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
rm -rf "$dev"/app/runtimes/{osx,osx-arm64,osx-x64,win,win-x64,win-x86,win-arm64,linux-arm,linux-arm64,linux-musl-x64,linux-musl-arm64} 2>/dev/null || true
find "$dev/app" -name '*.pdb' -delete
dn=$(dirname "$(readlink -f "$(command -v dotnet)")")
if [[ ! -f $dev/dotnet-rt.tar.xz || $dn/shared -nt $dev/dotnet-rt.tar.xz ]]; then
  parts=(dotnet host shared/Microsoft.NETCore.App)
  [[ -d $dn/shared/Microsoft.AspNetCore.App ]] && parts+=(shared/Microsoft.AspNetCore.App)
  tar -C "$dn" -cJf "$dev/dotnet-rt.tar.xz" "${parts[@]}"
fi
# The reference sweep's data: SWEEPGRID_DATA, else the user's cache (where `sweepgrid data fetch` puts it).
data=${SWEEPGRID_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/sweepgrid/data}/fashion-mnist
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [[ -f $data/$f.gz ]]; then cp "$data/$f.gz" "$dev/data/fashion-mnist/"; elif [[ -f $data/$f ]]; then gzip -9c "$data/$f" > "$dev/data/fashion-mnist/$f.gz"
  else echo "stage: $data/$f(.gz) missing: run scripts/sweepgrid data fetch fashion-mnist" >&2; exit 1; fi
done
# The app folder travels packed too: the carry limit counts bytes.
tar -C "$dev" -cJf "$dev/app.tar.xz" app && rm -rf "$dev/app"
rm -rf "$artifacts"
size=$(du -sk "$dev" | cut -f1)
echo "staged $dev: $((size / 1024)) MiB (limit 64 MiB)"
(( size <= 64 * 1024 )) || { echo "stage: $dev is over 64 MiB" >&2; exit 1; }
