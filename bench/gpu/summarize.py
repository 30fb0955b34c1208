#!/usr/bin/env python3
"""Reads what bench/gpu/run.sh left in --out and writes gpu.json: each figure, its target, and whether it was met.

Targets (issue 15, on one H100/H200): TorchSharp >= 1.3x PyTorch eager samples/s; fused K = 64 >= 40x one unfused
trial; fused K = 16 >= 1.2x the PyTorch-fused script; the reference sweep under 15 s of training. On a --device cpu
dry run (small sizes) the figures only show that every step ran; targets are reported but not judged.
"""

import argparse
import json
import os
import time


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def by_k(results, key):
    return {r["k"]: r[key] for r in (results or {}).get("results", [])}


def sweep_run(out):
    results = load(os.path.join(out, "sweep-run", "results.json"))
    if results is None:
        return None, None
    trials = {}
    for t in results["trials"]:
        wd = t["point"]["weight_decay"]
        trials[wd] = t["epochs"]
    epochs = max(len(e) for e in trials.values())
    fused = any(t.get("fused_with") for t in results["trials"])
    if fused:
        training = sum(max(e[i]["seconds"] for e in trials.values() if len(e) > i) for i in range(epochs))
    else:
        training = sum(x["seconds"] for e in trials.values() for x in e)
    return results, {"training_seconds": training, "fused": fused, "epochs": epochs, "trials": trials}


def compare_curves(gpu_trials, cpu_sweep):
    """Largest per-epoch difference of each metric between the device run and the CPU run (same epochs)."""
    cpu = {t["weight_decay"]: t for t in ((cpu_sweep or {}).get("sweepgrid", {}).get("curves", {}).get("trials", []))}
    if not cpu:
        return None
    worst = {"train_loss": 0.0, "train_accuracy": 0.0, "test_loss": 0.0, "test_accuracy": 0.0}
    compared = 0
    for wd, epochs in gpu_trials.items():
        ref = next((v for k, v in cpu.items() if abs(k - wd) <= 1e-12 * max(abs(k), 1e-300)), None)
        if ref is None:
            continue
        for i, e in enumerate(epochs[:len(ref["test_loss"])]):
            for m in worst:
                worst[m] = max(worst[m], abs(e[m] - ref[m][i]))
            compared += 1
    return {"trial_epochs_compared": compared, "max_abs_difference": worst}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--device", required=True)
    p.add_argument("--quick", type=int, default=0)
    p.add_argument("--steps", default="")
    p.add_argument("--cpu-sweep", required=True)
    p.add_argument("--seconds", type=float, default=None)
    a = p.parse_args()
    out = a.out
    steps = {}
    for item in a.steps.split():
        name, _, rest = item.partition("=")
        rc, _, secs = rest.partition(":")
        steps[name] = {"exit": int(rc), "seconds": float(secs or 0)}

    trainer, pt_mlp = load(os.path.join(out, "trainer.json")), load(os.path.join(out, "pytorch_mlp.json"))
    fused, pt_fused = load(os.path.join(out, "fused.json")), load(os.path.join(out, "pytorch_fused.json"))
    results, sweep = sweep_run(out)
    cpu_sweep = load(a.cpu_sweep)
    figures, targets = {}, []

    def target(name, value, goal, higher=True):
        met = None if value is None or a.quick else (value >= goal if higher else value < goal)
        targets.append({"name": name, "value": value, "target": (">= " if higher else "< ") + str(goal), "met": met})

    ts = trainer and trainer["samplesPerSecond"]["median"]
    pe = pt_mlp and (pt_mlp.get("samplesPerSecond") or {}).get("median")
    figures["torchsharp_samples_per_second"] = ts
    figures["pytorch_eager_samples_per_second"] = pe
    figures["torchsharp_over_pytorch_eager"] = ts / pe if ts and pe else None
    target("torchsharp_over_pytorch_eager", figures["torchsharp_over_pytorch_eager"], 1.3)

    f_fused, f_unfused = by_k(fused, "fusedTrialSamplesPerSecond"), by_k(fused, "unfusedTrialSamplesPerSecond")
    p_fused = by_k(pt_fused, "fusedTrialSamplesPerSecond")
    figures["fused_trial_samples_per_second"] = f_fused
    figures["unfused_trial_samples_per_second"] = f_unfused
    figures["pytorch_fused_trial_samples_per_second"] = p_fused
    k_max = max(f_fused) if f_fused else None
    one = f_unfused.get(1)
    figures["fused_k64_over_one_unfused_trial"] = f_fused[64] / one if 64 in f_fused and one else None
    figures["fused_k16_over_pytorch_fused_k16"] = f_fused[16] / p_fused[16] if 16 in f_fused and p_fused.get(16) else None
    if a.quick and k_max:
        figures[f"fused_k{k_max}_over_one_unfused_trial"] = f_fused[k_max] / one if one else None
        figures[f"fused_k{k_max}_over_pytorch_fused"] = f_fused[k_max] / p_fused[k_max] if p_fused.get(k_max) else None
    target("fused_k64_over_one_unfused_trial", figures["fused_k64_over_one_unfused_trial"], 40)
    target("fused_k16_over_pytorch_fused_k16", figures["fused_k16_over_pytorch_fused_k16"], 1.2)

    if sweep:
        wall = read(os.path.join(out, "sweep-wall-seconds.txt"))
        figures["sweep_training_seconds"] = sweep["training_seconds"]
        figures["sweep_wall_seconds"] = float(wall) if wall else None
        figures["sweep_epochs"] = sweep["epochs"]
        figures["sweep_fused"] = sweep["fused"]
        figures["sweep_selected"] = (results.get("selection") or {}).get("winner", {}).get("label")
        figures["sweep_selection_reason"] = (results.get("selection") or {}).get("reason")
        cpu_selected = (cpu_sweep or {}).get("sweepgrid", {}).get("selected_weight_decay")
        figures["cpu_sweep_selected"] = cpu_selected
        figures["same_selection_as_cpu"] = None if cpu_selected is None or a.quick else figures["sweep_selected"] == cpu_selected
        figures["curves_against_cpu"] = compare_curves(sweep["trials"], cpu_sweep)
        target("sweep_training_seconds", sweep["training_seconds"], 15, higher=False)
    figures["silo_slots"] = read(os.path.join(out, "silo-slots.txt"))

    summary = {
        "benchmark": "gpu",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "device": a.device,
        "dry_run": bool(a.quick),
        "gpu": read(os.path.join(out, "gpu.txt")),
        "seconds": a.seconds,
        "steps": steps,
        "figures": figures,
        "targets": targets,
        "files": sorted(f for f in os.listdir(out) if f.endswith(".json") and f != "gpu.json"),
        "notes": "dry run (--device cpu): small sizes and 2 sweep epochs, to check that every step runs; its figures say "
                 "nothing about a GPU" if a.quick else "figures from the device named in gpu",
    }
    with open(os.path.join(out, "gpu.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    for t in targets:
        print(f"{t['name']}: {t['value']} (target {t['target']}, met {t['met']})")
    print(f"silo: {figures['silo_slots']}")
    print(f"wrote {os.path.join(out, 'gpu.json')}")


if __name__ == "__main__":
    main()
