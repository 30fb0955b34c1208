#!/usr/bin/env python3
"""PyTorch peer of SweepGrid's reference sweep (examples/fashion-weight-decay.yaml), for side-by-side runs.

The same study: Fashion-MNIST (60k/10k, pixels / 255 standardised with the train split's mean and std), MLP
784-256-128-10 (ReLU, cross-entropy), SGD lr 0.05 momentum 0.9 (coupled weight decay, dampening 0), batch 64,
weight decay 5e-2 / 5e-4 / 5e-6, each epoch a fresh permutation gathered batch by batch, then the whole test set
evaluated in chunks of 2,000; loss and accuracy summed on the device with one synchronisation per epoch.

    --mode eager  plain PyTorch: nn.Sequential + torch.optim.SGD, the three trials one after another
    --mode fused  the three trials fused by hand: [K, in, out] weights, one baddbmm per layer, one backward of
                  the sum of the members' batch means, one SGD step with [K, 1, 1] hyperparameters

Reports seconds per trial-epoch (training + evaluation, as SweepGrid's epoch seconds) over --epochs epochs of
each trial, and the process CPU-seconds. Needs Debian's python3-torch with libopenblas0-pthread (without it
torch falls back to single-threaded reference BLAS, about 4x slower: not a fair peer); --install-missing
installs both with apt-get. Run with OMP_NUM_THREADS set to the core count.

    python3 bench/pytorch_sweep.py --data ~/.cache/sweepgrid/data/fashion-mnist --mode eager --epochs 2 --out x.json
"""

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import time

PACKAGES = ("python3-torch", "libopenblas0-pthread")


def missing_packages():
    if shutil.which("dpkg-query") is None:
        return []
    out = []
    for p in PACKAGES:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True)
        if r.returncode != 0 or "install ok installed" not in r.stdout:
            out.append(p)
    return out


def ensure_packages(install):
    missing = missing_packages()
    if not missing:
        return
    if not install:
        sys.exit(f"pytorch_sweep: missing Debian packages {' '.join(missing)} (run with --install-missing, or apt-get install -y them)")
    print(f"pytorch_sweep: installing {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


FEATURES, HIDDEN, CLASSES = 784, (256, 128), 10
BATCH, EVAL_BATCH, LR, MOMENTUM = 64, 2_000, 0.05, 0.9
DECAYS = (5e-2, 5e-4, 5e-6)


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return raw[4 + 4 * dims:], shape


def pick(root, stem):
    gz = os.path.join(root, stem + ".gz")
    return gz if os.path.exists(gz) else os.path.join(root, stem)


def load(root, torch):
    def images(stem):
        data, shape = idx(pick(root, stem))
        return torch.frombuffer(bytearray(data), dtype=torch.uint8).view(shape[0], -1).to(torch.float32) / 255.0

    def labels(stem):
        data, shape = idx(pick(root, stem))
        return torch.frombuffer(bytearray(data), dtype=torch.uint8).view(shape[0]).to(torch.int64)

    train_x, test_x = images("train-images-idx3-ubyte"), images("t10k-images-idx3-ubyte")
    train_y, test_y = labels("train-labels-idx1-ubyte"), labels("t10k-labels-idx1-ubyte")
    mean = train_x.double().mean().item()
    std = max(train_x.double().pow(2).mean().item() - mean * mean, 1e-12) ** 0.5
    return ((train_x - mean) / std).contiguous(), train_y, ((test_x - mean) / std).contiguous(), test_y


def eager_trials(torch, data, epochs, log):
    train_x, train_y, test_x, test_y = data
    n = train_x.shape[0]
    batches = (n + BATCH - 1) // BATCH
    seconds, finals = 0.0, []
    for t, decay in enumerate(DECAYS):
        torch.manual_seed(t + 1)
        model = torch.nn.Sequential(
            torch.nn.Linear(FEATURES, HIDDEN[0]), torch.nn.ReLU(),
            torch.nn.Linear(HIDDEN[0], HIDDEN[1]), torch.nn.ReLU(),
            torch.nn.Linear(HIDDEN[1], CLASSES))
        opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=decay)
        gen = torch.Generator().manual_seed(t + 1)
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            order = torch.randperm(n, generator=gen)
            loss_sum = torch.zeros((), dtype=torch.float64)
            correct = torch.zeros((), dtype=torch.int64)
            model.train()
            for s in range(0, n, BATCH):
                rows = order[s:s + BATCH]
                x, y = train_x.index_select(0, rows), train_y.index_select(0, rows)
                logits = model(x)
                loss = torch.nn.functional.cross_entropy(logits, y)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                with torch.no_grad():
                    loss_sum += loss.detach().double()
                    correct += (logits.argmax(1) == y).sum()
            train = (loss_sum.item() / batches, correct.item() / n)
            test = evaluate(torch, lambda x: model(x), test_x, test_y, 1)
            seconds += time.perf_counter() - start
            log(f"eager wd {decay:g} epoch {epoch}: train loss {train[0]:.4f} acc {train[1]:.4f}, test loss {test[0][0]:.4f} acc {test[1][0]:.4f}")
            finals = finals if epoch < epochs else finals + [{"weightDecay": decay, "trainLoss": train[0], "trainAccuracy": train[1],
                                                              "testLoss": test[0][0], "testAccuracy": test[1][0]}]
    return seconds, finals


def evaluate(torch, forward, test_x, test_y, k):
    with torch.no_grad():
        n = test_x.shape[0]
        loss_sum = torch.zeros(k, dtype=torch.float64)
        correct = torch.zeros(k, dtype=torch.int64)
        for s in range(0, n, EVAL_BATCH):
            x, y = test_x[s:s + EVAL_BATCH], test_y[s:s + EVAL_BATCH]
            logits = forward(x).view(k, x.shape[0], CLASSES)
            per_row = torch.nn.functional.cross_entropy(logits.reshape(-1, CLASSES), y.repeat(k), reduction="none")
            loss_sum += per_row.view(k, -1).mean(1).double() * x.shape[0]
            correct += (logits.argmax(2) == y.unsqueeze(0)).sum(1)
        return (loss_sum / n).tolist(), (correct.double() / n).tolist()


def fused_trials(torch, data, epochs, log):
    train_x, train_y, test_x, test_y = data
    n, k = train_x.shape[0], len(DECAYS)
    batches = (n + BATCH - 1) // BATCH
    torch.manual_seed(1)
    sizes = (FEATURES, *HIDDEN, CLASSES)
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = fan_in ** -0.5
        weights.append(((torch.rand(fan_in, fan_out) * 2 - 1) * bound).expand(k, -1, -1).contiguous().requires_grad_())
        biases.append(((torch.rand(1, fan_out) * 2 - 1) * bound).expand(k, -1, -1).contiguous().requires_grad_())
    params = [t for pair in zip(weights, biases) for t in pair]
    buffers = [torch.zeros_like(p) for p in params]
    decay = torch.tensor(DECAYS, dtype=torch.float32).view(k, 1, 1)

    def forward(x):
        h = x.unsqueeze(0).expand(k, -1, -1)
        for i, (w, b) in enumerate(zip(weights, biases)):
            h = torch.baddbmm(b, h, w)
            if i < len(weights) - 1:
                h = torch.relu(h)
        return h

    gen = torch.Generator().manual_seed(1)
    seconds, finals = 0.0, []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n, generator=gen)
        loss_sum = torch.zeros(k, dtype=torch.float64)
        correct = torch.zeros(k, dtype=torch.int64)
        for s in range(0, n, BATCH):
            rows = order[s:s + BATCH]
            x, y = train_x.index_select(0, rows), train_y.index_select(0, rows)
            logits = forward(x)
            per_row = torch.nn.functional.cross_entropy(logits.reshape(-1, CLASSES), y.repeat(k), reduction="none")
            losses = per_row.view(k, -1).mean(1)
            losses.sum().backward()
            with torch.no_grad():
                for p, b in zip(params, buffers):
                    g = p.grad
                    g.addcmul_(p, decay)
                    b.mul_(MOMENTUM).add_(g)
                    p.add_(b, alpha=-LR)
                    p.grad = None
                loss_sum += losses.detach().double()
                correct += (logits.argmax(2) == y.unsqueeze(0)).sum(1)
        train_loss, train_acc = (loss_sum / batches).tolist(), (correct.double() / n).tolist()
        test_loss, test_acc = evaluate(torch, forward, test_x, test_y, k)
        seconds += time.perf_counter() - start
        for i, d in enumerate(DECAYS):
            log(f"fused wd {d:g} epoch {epoch}: train loss {train_loss[i]:.4f} acc {train_acc[i]:.4f}, test loss {test_loss[i]:.4f} acc {test_acc[i]:.4f}")
        if epoch == epochs:
            finals = [{"weightDecay": d, "trainLoss": train_loss[i], "trainAccuracy": train_acc[i], "testLoss": test_loss[i],
                       "testAccuracy": test_acc[i]} for i, d in enumerate(DECAYS)]
    return seconds, finals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(os.environ.get("SWEEPGRID_DATA") or os.path.expanduser("~/.cache/sweepgrid/data"), "fashion-mnist"),
                        help="folder with the four Fashion-MNIST IDX files (.gz or not)")
    parser.add_argument("--mode", choices=("eager", "fused"), required=True)
    parser.add_argument("--epochs", type=int, default=2, help="epochs of each of the three trials")
    parser.add_argument("--out", required=True)
    parser.add_argument("--install-missing", action="store_true", help="apt-get install python3-torch libopenblas0-pthread if missing")
    args = parser.parse_args()
    ensure_packages(args.install_missing)
    try:
        import torch  # after the packages are in place
    except ImportError:
        # Debian's torch is in Debian's python; another python3 first on PATH (pyenv, a venv) does not see it.
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
        raise

    def log(line):
        print(line, flush=True)

    data = load(args.data, torch)
    with open("/proc/loadavg") as f:
        load_start = " ".join(f.read().split()[:3])
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    wall0 = time.perf_counter()
    seconds, finals = (eager_trials if args.mode == "eager" else fused_trials)(torch, data, args.epochs, log)
    wall = time.perf_counter() - wall0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    with open("/proc/loadavg") as f:
        load_end = " ".join(f.read().split()[:3])
    trial_epochs = len(DECAYS) * args.epochs
    result = {
        "benchmark": "pytorch_sweep",
        "mode": args.mode,
        "torch": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "ompNumThreads": os.environ.get("OMP_NUM_THREADS"),
        "blas": next((line.strip() for line in torch.__config__.show().splitlines() if "BLAS_INFO" in line), None),
        "epochsPerTrial": args.epochs,
        "trialEpochs": trial_epochs,
        "seconds": seconds,
        "secondsPerTrialEpoch": seconds / trial_epochs,
        "cpuSeconds": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
        "wallSeconds": wall,
        "loadAverageAtStart": load_start,
        "loadAverageAtEnd": load_end,
        "lastEpoch": finals,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    log(f"pytorch {args.mode}: {result['secondsPerTrialEpoch']:.2f} s per trial-epoch ({trial_epochs} trial-epochs, {result['cpuSeconds']:.0f} CPU-s)")


if __name__ == "__main__":
    main()
