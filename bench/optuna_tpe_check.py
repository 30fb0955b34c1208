#!/usr/bin/env python3
"""Outside check for SweepGrid's TPE: Optuna's own TPESampler (defaults) and RandomSampler on Branin and Hartmann-6.

Prints the median (over seeds) best value after a fixed budget, and writes it as JSON for search-bench's
--optuna-check, which puts it beside SweepGrid's figures for the same functions, budget and seed count.

    python3 bench/optuna_tpe_check.py --out /tmp/optuna-check.json            # Debian's python3-optuna
    python3 bench/optuna_tpe_check.py --optuna-path /path/to/optuna/checkout   # another Optuna
"""
import argparse
import json
import math
import statistics
import sys
import time


def branin(x1, x2):
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6))) for i in range(4))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--budget", type=int, default=24)
    ap.add_argument("--optuna-path", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--multivariate", choices=["default", "false", "true"], default="false",
                    help="TPESampler's multivariate flag; SweepGrid's TPE is independent (false). Optuna 5 defaults"
                         " to multivariate for one objective, Optuna 3 to independent.")
    args = ap.parse_args()
    if args.optuna_path:
        sys.path.insert(0, args.optuna_path)
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    tpe_kwargs = {} if args.multivariate == "default" else {"multivariate": args.multivariate == "true"}
    tpe_kwargs_text = "".join(f", {k}={v}" for k, v in tpe_kwargs.items())

    def objective_branin(trial):
        return branin(trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15))

    def objective_hartmann(trial):
        return hartmann6([trial.suggest_float(f"x{j}", 0, 1) for j in range(6)])

    result = {
        "tool": "optuna",
        "optuna_version": optuna.__version__,
        "python": sys.version.split()[0],
        "budget": args.budget,
        "seeds": args.seeds,
        "sampler": f"optuna.samplers.TPESampler(seed=s{tpe_kwargs_text}), other settings default (10 startup trials, 24 candidates)",
        "functions": {},
    }
    started = time.time()
    for name, objective in (("branin", objective_branin), ("hartmann6", objective_hartmann)):
        figures = {}
        for sampler_name, make in (("tpe", lambda s: optuna.samplers.TPESampler(seed=s, **tpe_kwargs)),
                                   ("random", lambda s: optuna.samplers.RandomSampler(seed=s))):
            bests = []
            for s in range(1, args.seeds + 1):
                study = optuna.create_study(sampler=make(s))
                study.optimize(objective, n_trials=args.budget)
                bests.append(study.best_value)
            figures[f"{sampler_name}_median_best"] = statistics.median(bests)
            figures[f"{sampler_name}_mean_best"] = statistics.fmean(bests)
        result["functions"][name] = figures
        print(f"{name}: optuna {optuna.__version__}{tpe_kwargs_text} TPE median best {figures['tpe_median_best']:.4f}, "
              f"random {figures['random_median_best']:.4f} ({args.seeds} seeds, {args.budget} trials)")
    result["seconds"] = time.time() - started
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
