#!/usr/bin/env bash
# The GPU check in one command (the device command line is short and runs at most 600 s):
#   bash bench/gpu/run.sh                 # on the GPU machine, after bench/gpu/stage.sh here; writes under $OUT
#   bash bench/gpu/run.sh --device cpu    # a dry run here, small sizes, local builds (dotnet build SweepGrid.sln -c Release)
# Steps, each under its own time limit, each failure recorded and the rest still run:
#   1. trainer benchmark (TrialTrainer, 784-512-256-10, batch 256) beside bench/pytorch_mlp.py
#   2. fused benchmark K = 1, 4, 16, 64 beside bench/pytorch_fused.py
#   3. the reference sweep end to end with `sweepgrid run` (examples/fashion-weight-decay.yaml on the device), its wall
#      time, and its selection and curves against the CPU run's in bench/results/sweep.json
#   4. a silo with Slots=auto: the slots it detects
# then bench/gpu/summarize.py writes $OUT/gpu.json with the figures, the targets and whether each was met.
set -uo pipefail
device=cuda
while [[ $# -gt 0 ]]; do
  case $1 in
    --device) device=$2; shift 2 ;;
    *) echo "run.sh: unknown argument '$1' (expected --device cuda|cpu)" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/../.." && pwd); cd "$root"
OUT=${OUT:-$root/bench/results/gpu-$device}
mkdir -p "$OUT/logs"
quick=0; [[ $device == cpu ]] && quick=1
status=()
started=$(date +%s)

# Where the programs come from: the staged .device (no .NET on the GPU machine) or this checkout's builds.
if [[ -f .device/app.tar.xz ]] && ! command -v dotnet >/dev/null; then
  mkdir -p /tmp/dotnet /tmp/sweepgrid-app
  tar -C /tmp/dotnet -xJf .device/dotnet-rt.tar.xz && tar -C /tmp/sweepgrid-app -xJf .device/app.tar.xz
  [[ -f .device/aspnetcore-rt.tar.xz ]] && tar -C /tmp/dotnet -xJf .device/aspnetcore-rt.tar.xz
  mkdir -p /tmp/sweepgrid-data/fashion-mnist
  for f in .device/data/fashion-mnist/*.xz; do xz -dc "$f" >"/tmp/sweepgrid-data/fashion-mnist/$(basename "$f" .xz)"; done
  export DOTNET_ROOT=/tmp/dotnet PATH=/tmp/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1
  torchlib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  export LD_LIBRARY_PATH=$torchlib:${LD_LIBRARY_PATH:-}
  export SWEEPGRID_DATA=/tmp/sweepgrid-data
  app() { echo "/tmp/sweepgrid-app/app/$1"; }
  source=staged
else
  app() {
    case $1 in
      trainer-bench.dll) echo "$root/bench/Trainer.Bench/bin/Release/net10.0/$1" ;;
      fused-bench.dll) echo "$root/bench/Fused.Bench/bin/Release/net10.0/$1" ;;
      sweepgrid.dll) echo "$root/src/Client/bin/Release/net10.0/$1" ;;
      SweepGrid.SiloHost.dll) echo "$root/src/SiloHost/bin/Release/net10.0/$1" ;;
    esac
  }
  source=local
fi
# A python3 that has torch (Debian's lives in /usr/bin/python3; a pyenv or venv python3 may come first on PATH).
py=python3
python3 -c 'import torch' 2>/dev/null || { [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null && py=/usr/bin/python3; }
[[ $device == cpu ]] && export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}

step() {  # step NAME LIMIT_SECONDS COMMAND...: runs it, logs it, records its exit status and seconds
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s.%N)
  echo "== $name (limit ${limit}s): $*"
  timeout --kill-after=10 "$limit" "$@" >"$OUT/logs/$name.log" 2>&1
  local rc=$? t1=$(date +%s.%N)
  tail -3 "$OUT/logs/$name.log"
  status+=("$name=$rc:$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
}

{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"; } >"$OUT/gpu.txt"
$py -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' >>"$OUT/gpu.txt" 2>&1
echo "device $device, programs $source, python $py: $(head -1 "$OUT/gpu.txt")"

# 1. trainer benchmark, C# then PyTorch
# (The dry run uses one thread: unfused training on libtorch's intra-op threads crawls on a shared, busy machine.)
if (( quick )); then tb=(--seconds 0.5 --rounds 1 --threads 1); pb=(--seconds 0.5 --rounds 1); pyenv=(OMP_NUM_THREADS=1)
else tb=(--seconds 3 --rounds 5); pb=(--seconds 3 --rounds 5); pyenv=(); fi
step trainer 150 dotnet "$(app trainer-bench.dll)" --device "$device" --out "$OUT/trainer.json" "${tb[@]}"
step pytorch_mlp 150 env "${pyenv[@]}" "$py" bench/pytorch_mlp.py "$OUT/pytorch_mlp.json" --device "$device" "${pb[@]}"

# 2. fused benchmark, C# then PyTorch
if (( quick )); then fb=(--k 1,4 --batches 4 --rounds 1 --unfused-max 2); else fb=(--k 1,4,16,64 --rounds 5); fi
step fused 200 dotnet "$(app fused-bench.dll)" --device "$device" --out "$OUT/fused.json" "${fb[@]}"
step pytorch_fused 200 "$py" bench/pytorch_fused.py --device "$device" --out "$OUT/pytorch_fused.json" "${fb[@]}"

# 3. the reference sweep on the device, end to end through the CLI
spec=$OUT/fashion-weight-decay.yaml
sed -e "s/^resources:.*/resources: { device: $device }/" examples/fashion-weight-decay.yaml >"$spec"
(( quick )) && sed -i 's/^epochs: .*/epochs: 2/' "$spec"
rm -rf "$OUT/sweep-run"
s0=$(date +%s.%N)
step sweep 300 dotnet "$(app sweepgrid.dll)" run "$spec" --run-dir "$OUT/sweep-run"
awk -v a="$s0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }' >"$OUT/sweep-wall-seconds.txt"

# 4. a silo with Slots=auto: what it detects (its log line), then stop it
silo_log=$OUT/logs/silo.log
rm -rf "$OUT/silo-run"
if [[ $source == staged && ! -d /tmp/dotnet/shared/Microsoft.AspNetCore.App ]]; then
  echo "silo host not run: ASP.NET Core was not staged (see bench/gpu/stage.sh)" >"$OUT/silo-slots.txt"
  status+=("silo=2:0")
else
SweepGrid__Slots=auto SweepGrid__RunDirectory="$OUT/silo-run" ASPNETCORE_URLS=http://127.0.0.1:18080 dotnet "$(app SweepGrid.SiloHost.dll)" >"$silo_log" 2>&1 &
silo=$!
for _ in $(seq 1 60); do grep -q "Slots on this silo" "$silo_log" && break; kill -0 $silo 2>/dev/null || break; sleep 1; done
grep -m1 "Slots on this silo" "$silo_log" >"$OUT/silo-slots.txt" || echo "no slots line (see logs/silo.log)" >"$OUT/silo-slots.txt"
kill $silo 2>/dev/null; wait $silo 2>/dev/null
status+=("silo=$(grep -q 'Slots on this silo' "$OUT/silo-slots.txt" && echo 0 || echo 1):0")
fi
cat "$OUT/silo-slots.txt"

"$py" bench/gpu/summarize.py --out "$OUT" --device "$device" --quick "$quick" --steps "${status[*]}" \
  --cpu-sweep bench/results/sweep.json --seconds "$(( $(date +%s) - started ))"
