#!/usr/bin/env python3
"""PyTorch-eager reference for the trainer benchmark (bench/Trainer.Bench).

Same model and step as SweepGrid's reference trial: MLP 784-512-256-10 with ReLU, cross-entropy,
SGD lr 0.05 momentum 0.9 weight_decay 5e-4 (coupled L2, dampening 0), batch 256, float32, data
resident on the device and shuffled every epoch. Reports training samples/s (median of several
timed rounds after a warm-up) and, as the C# benchmark does, the device's float32 2048x2048 matmul
rate measured in alternating rounds, so the two implementations can be compared side by side.

    python3 bench/pytorch_mlp.py [out.json] [--device cuda|cpu|auto] [--rounds 5] [--seconds 4]
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn.functional as F

FEATURES, CLASSES = 784, 10
HIDDEN = (512, 256)
BATCH = 256
TRAIN, TEST = 60_000, 1_000
MATMUL_N = 2048


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def synthetic(n, prototypes, gen, device):
    """Prototype + Gaussian pixel noise, clamped to 0..255, then standardised (as SyntheticData/DeviceData)."""
    labels = torch.randint(0, CLASSES, (n,), generator=gen, device=device)
    pixels = (prototypes[labels] + 90 * torch.randn(n, FEATURES, generator=gen, device=device)).clamp_(0, 255)
    return pixels / 255.0, labels


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        sizes = (FEATURES, *HIDDEN, CLASSES)
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x


def train_epoch(model, opt, xs, ys, gen):
    """One epoch, same loop as TrialTrainer.RunEpoch: each batch gathered from a fresh permutation, loss and
    accuracy summed on device, one sync at the end."""
    n = xs.shape[0]
    start_t = time.perf_counter()
    order = torch.randperm(n, generator=gen, device=xs.device)
    loss_sum = torch.zeros((), dtype=torch.float64, device=xs.device)
    correct = torch.zeros((), dtype=torch.int64, device=xs.device)
    model.train()
    for start in range(0, n, BATCH):
        rows = order[start:start + BATCH]
        x, y = xs[rows], ys[rows]
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            loss_sum += loss.detach().double()
            correct += (logits.argmax(1) == y).sum()
    mean_loss = loss_sum.item() / ((n + BATCH - 1) // BATCH)
    return n / (time.perf_counter() - start_t), mean_loss


def matmul_rate(a, b, seconds):
    """Median FLOP/s over repetitions of enough products to last ~0.25 s each."""
    device = a.device
    sync(device)
    t = time.perf_counter()
    torch.mm(a, b)
    sync(device)
    per_rep = max(1, int(0.25 / max(time.perf_counter() - t, 1e-6)))
    rates, began = [], time.perf_counter()
    while len(rates) < 3 or time.perf_counter() - began < seconds:
        sync(device)
        t = time.perf_counter()
        for _ in range(per_rep):
            torch.mm(a, b)
        sync(device)
        rates.append(per_rep * 2.0 * MATMUL_N ** 3 / (time.perf_counter() - t))
    return statistics.median(rates)


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", default="bench/results/pytorch_mlp.json")
    p.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--seconds", type=float, default=4.0, help="time budget of each measurement")
    args = p.parse_args()

    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(args.device)
    torch.manual_seed(1)
    gen = torch.Generator(device=device).manual_seed(7)

    prototypes = torch.where(torch.rand(CLASSES, FEATURES, generator=gen, device=device) < 0.2, 200.0, 20.0)
    xs, ys = synthetic(TRAIN, prototypes, gen, device)
    mean, std = xs.mean(), xs.std()
    xs = ((xs - mean) / std).contiguous()

    model = Mlp().to(device)
    params = sum(p.numel() for p in model.parameters())
    flops_per_sample = 6.0 * params
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    a = torch.randn(MATMUL_N, MATMUL_N, device=device, generator=gen)
    b = torch.randn(MATMUL_N, MATMUL_N, device=device, generator=gen)

    matmul_rate(a, b, 0.5)  # warm-up
    train_epoch(model, opt, xs, ys, gen)

    rounds = []
    for r in range(1, args.rounds + 1):
        flops = matmul_rate(a, b, args.seconds)
        samples = trained = 0.0
        while trained < args.seconds:
            sps, loss = train_epoch(model, opt, xs, ys, gen)
            samples += TRAIN
            trained += TRAIN / sps
        sps = samples / trained
        rounds.append({"index": r, "matmulGflops": flops / 1e9, "samplesPerSecond": sps,
                       "ratio": sps * flops_per_sample / flops, "trainLoss": loss})
        print(f"round {r}: matmul {flops / 1e9:.1f} GFLOP/s, train {sps:.0f} samples/s, "
              f"ratio {rounds[-1]['ratio']:.3f}", flush=True)

    sps_summary = summary([r["samplesPerSecond"] for r in rounds])
    gflops_summary = summary([r["matmulGflops"] for r in rounds])
    result = {
        "benchmark": "pytorch_mlp",
        "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "machine": {
            "processorCount": os.cpu_count(),
            "os": platform.platform(),
            "python": sys.version.split()[0],
            "torch": torch.__version__,
            "torchThreads": torch.get_num_threads(),
            "device": str(device),
            "gpuName": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
        },
        "model": {"architecture": "mlp 784-512-256-10", "activation": "relu", "loss": "cross_entropy",
                  "optimizer": "sgd lr=0.05 momentum=0.9 weight_decay=5e-4", "dType": "float32",
                  "batchSize": BATCH, "parameters": params, "trainExamples": TRAIN},
        "samplesPerSecond": sps_summary,
        "matmulGflops": gflops_summary,
        "flopsPerSample": flops_per_sample,
        "ratio": sps_summary["median"] * flops_per_sample / (gflops_summary["median"] * 1e9),
        "rounds": rounds,
        "command": " ".join([os.path.basename(sys.argv[0]), *sys.argv[1:]]),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"samples/s median {sps_summary['median']:.0f}; matmul median {gflops_summary['median']:.1f} GFLOP/s; "
          f"ratio {result['ratio']:.3f}; wrote {args.out}")


if __name__ == "__main__":
    main()
