#!/usr/bin/env python3
"""PyTorch counterpart of bench/Fused.Bench: trial-samples/s of K MLP trials fused with bmm vs one after another.

Same model and protocol as the C# benchmark, for a side-by-side on the same machine: MLP 784-512-256-10 (ReLU,
cross-entropy), batch 256, float32, SGD with momentum 0.9, learning rates log-spaced over [0.01, 0.1], Nesterov
on odd members, weight decay 5e-4..2e-3; an "epoch" is a fixed number of batches of synthetic MNIST-shaped data.
Fused: parameters stacked per member ([K, in, out] weights, [K, 1, out] biases), one baddbmm per layer, the sum
of the members' batch-mean losses backpropagated once, one in-place SGD step with [K, 1, 1] hyperparameters.
Unfused: nn.Sequential + torch.optim.SGD per trial, trials one after another; beyond --unfused-max trials the
sequential rate of those measured stands for all K (trials in sequence only add time).

    python3 bench/pytorch_fused.py --device cuda --out bench/results/pytorch_fused.json
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn.functional as F

FEATURES, HIDDEN, CLASSES, BATCH = 784, (512, 256), 10, 256


def synthetic(n, generator, device):
    """Ten random binary prototypes plus Gaussian noise, standardised: MNIST-shaped and learnable."""
    prototypes = (torch.rand(CLASSES, FEATURES, generator=generator) < 0.2).float() * 180 + 20
    labels = torch.randint(0, CLASSES, (n,), generator=generator)
    x = (prototypes[labels] + 90 * torch.randn(n, FEATURES, generator=generator)).clamp(0, 255) / 255
    x = (x - x.mean()) / x.std()
    return x.to(device), labels.to(device)


def hyperparameters(k):
    lrs = [0.01 * 10 ** (0 if k == 1 else i / (k - 1)) for i in range(k)]
    nesterov = [i % 2 == 1 for i in range(k)]
    decay = [5e-4 * (1 + i % 4) for i in range(k)]
    return lrs, nesterov, decay


class FusedMlp:
    """K members' parameters stacked along dim 0; weights stored [in, out] so a layer is baddbmm(b, h, W)."""

    def __init__(self, k, device, generator):
        sizes = (FEATURES, *HIDDEN, CLASSES)
        self.k = k
        self.weights, self.biases = [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1 / math.sqrt(fan_in)
            w = (torch.rand(fan_in, fan_out, generator=generator) * 2 - 1) * bound
            b = (torch.rand(1, fan_out, generator=generator) * 2 - 1) * bound
            self.weights.append(w.expand(k, -1, -1).contiguous().to(device).requires_grad_())
            self.biases.append(b.expand(k, -1, -1).contiguous().to(device).requires_grad_())

    def parameters(self):
        return [t for pair in zip(self.weights, self.biases) for t in pair]

    def forward(self, x):
        h = x.unsqueeze(0).expand(self.k, -1, -1)  # the batch is shared: a stride-0 view, not K copies
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = torch.baddbmm(b, h, w)
            if i < len(self.weights) - 1:
                h = F.relu(h)
        return h


class FusedSgd:
    """torch.optim.SGD per member (dampening 0): g += wd p; b = mu b + g; d = g + mu b (Nesterov) or b; p -= lr d."""

    def __init__(self, params, lrs, nesterov, decay, momentum, device):
        def column(values):
            return torch.tensor(values, dtype=torch.float32, device=device).view(-1, 1, 1)

        self.params = params
        self.buffers = [torch.zeros_like(p) for p in params]
        self.neg_lr = -column(lrs)
        self.mu = column([momentum] * len(lrs))
        self.decay = column(decay)
        self.grad_coefficient = column([1.0 if n else 0.0 for n in nesterov])  # c1: 1 for Nesterov, 0 otherwise
        self.buffer_coefficient = column([momentum if n else 1.0 for n in nesterov])  # c2: mu for Nesterov, 1

    @torch.no_grad()
    def step(self):
        for p, b in zip(self.params, self.buffers):
            g = p.grad
            g.addcmul_(p, self.decay)
            b.mul_(self.mu).add_(g)  # zero-initialised buffer: the first step gives b = g, as torch.optim.SGD
            d = g.mul_(self.grad_coefficient).addcmul_(b, self.buffer_coefficient)
            p.addcmul_(d, self.neg_lr)
            p.grad = None


def fused_epoch(model, optimizer, xs, ys):
    k = model.k
    for start in range(0, xs.shape[0], BATCH):
        x, y = xs[start:start + BATCH], ys[start:start + BATCH]
        logits = model.forward(x)
        per_row = F.cross_entropy(logits.reshape(-1, CLASSES), y.repeat(k), reduction="none")
        per_row.view(k, -1).mean(1).sum().backward()  # each member's gradient is that of its own batch mean
        optimizer.step()


def unfused_epoch(model, optimizer, xs, ys):
    for start in range(0, xs.shape[0], BATCH):
        x, y = xs[start:start + BATCH], ys[start:start + BATCH]
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        optimizer.step()


def timed(device, fn):
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    fn()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def measure(k, rounds, unfused_max, xs, ys, device, log=print):
    generator = torch.Generator().manual_seed(1)
    lrs, nesterov, decay = hyperparameters(k)
    fused = FusedMlp(k, device, generator)
    fused_opt = FusedSgd(fused.parameters(), lrs, nesterov, decay, 0.9, device)
    trials = []
    for i in range(min(k, unfused_max)):
        model = torch.nn.Sequential(
            torch.nn.Linear(FEATURES, HIDDEN[0]), torch.nn.ReLU(),
            torch.nn.Linear(HIDDEN[0], HIDDEN[1]), torch.nn.ReLU(),
            torch.nn.Linear(HIDDEN[1], CLASSES)).to(device)
        opt = torch.optim.SGD(model.parameters(), lr=lrs[i], momentum=0.9, nesterov=nesterov[i], weight_decay=decay[i])
        trials.append((model, opt))
    n = xs.shape[0]
    fused_rates, unfused_rates = [], []
    for r in range(1, rounds + 1):
        fused_rates.append(k * n / timed(device, lambda: fused_epoch(fused, fused_opt, xs, ys)))
        seconds = sum(timed(device, lambda m=m, o=o: unfused_epoch(m, o, xs, ys)) for m, o in trials)
        unfused_rates.append(len(trials) * n / seconds)
        log(f"K={k} round {r}: fused {fused_rates[-1]:.0f}, unfused {unfused_rates[-1]:.0f} trial-samples/s")
    fused_median, unfused_median = statistics.median(fused_rates), statistics.median(unfused_rates)
    return {
        "k": k,
        "fusedTrialSamplesPerSecond": fused_median,
        "unfusedTrialSamplesPerSecond": unfused_median,
        "speedup": fused_median / unfused_median,
        "unfusedTrialsMeasured": len(trials),
        "unfusedExtrapolated": len(trials) < k,
        "fusedRounds": fused_rates,
        "unfusedRounds": unfused_rates,
    }


def machine(device):
    info = {
        "processorCount": os.cpu_count(),
        "cpuModel": platform.processor() or None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "device": str(device),
        "gpuName": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
    }
    try:
        with open("/proc/cpuinfo") as f:
            info["cpuModel"] = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), info["cpuModel"])
        with open("/proc/loadavg") as f:
            info["loadAverageAtStart"] = " ".join(f.read().split()[:3])
    except OSError:
        pass
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--k", default="1,4,16,64", help="group sizes, comma-separated")
    parser.add_argument("--batches", type=int, default=20, help="batches of 256 per measured epoch")
    parser.add_argument("--rounds", type=int, default=5, help="measured epochs per group size; medians are reported")
    parser.add_argument("--unfused-max", type=int, default=8, help="most unfused trials run per group size")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "pytorch_fused.json"))
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    info = machine(device)
    print(f"device {info['device']} ({info['gpuName'] or info['cpuModel']}), torch {torch.__version__}, threads {info['torchThreads']}")
    xs, ys = synthetic(args.batches * BATCH, torch.Generator().manual_seed(1), device)
    measure(2, 1, 1, xs, ys, device, log=lambda _: None)  # warm-up: kernels, allocator caches
    results = [measure(k, args.rounds, args.unfused_max, xs, ys, device) for k in map(int, args.k.split(","))]
    for r in results:
        note = f" (unfused from {r['unfusedTrialsMeasured']} of {r['k']} trials)" if r["unfusedExtrapolated"] else ""
        print(f"K={r['k']}: fused {r['fusedTrialSamplesPerSecond']:.0f}, unfused {r['unfusedTrialSamplesPerSecond']:.0f} "
              f"trial-samples/s{note}, speedup {r['speedup']:.2f}x")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({
            "benchmark": "pytorch_fused",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": info,
            "architecture": "mlp 784-512-256-10 relu, cross_entropy",
            "dType": "float32",
            "batchSize": BATCH,
            "batchesPerEpoch": args.batches,
            "rounds": args.rounds,
            "results": results,
            "command": " ".join(["python3 bench/pytorch_fused.py", *sys.argv[1:]]),
        }, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
