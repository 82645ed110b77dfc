"""The "Putting it together" comparison, timed: companion and scikit-learn train the same network the same way.

    python benchmarks/sklearn_comparison.py            # 4 configurations, about 2 min on 2 quiet cores
    python benchmarks/sklearn_comparison.py --rounds 3  # quicker

Prints a Markdown table; asserts nothing.  The workload is the chapter's, like for like: the digits
(1348 training images), 64 → 32 → 10 with bias units, sigmoid hidden layer, softmax + cross-entropy,
plain full-batch gradient descent, α = 4, 400 epochs, from the same initial weights (scikit-learn is
warm-started from companion's Θ_ℓ and b_ℓ = 0, as in the chapter).  Columns:

* companion, bias — ``gradient_descent(..., biases=init_biases(sizes))`` with the test set measured
  every epoch, as in the chapter (any option beyond the article takes companion's readable path);
* scikit-learn — ``MLPClassifier(...).fit`` with ``warm_start=True`` from the same weights
  (its loss per epoch and final weights equal companion's to < 1e-9, which this script checks);
* companion, no bias — the article's network (the fast path), the chapter's first training.

The three trainings run **in turns** (round 1: each once, round 2: each once, …), so that a busy
machine slows them alike; the figures are medians over the rounds.  Each configuration — 1 and 2
BLAS threads, the environment's OpenBLAS kernel and OpenBLAS's own choice (``OPENBLAS_CORETYPE`` and
``OPENBLAS_L2_SIZE`` unset) — runs in a fresh Python process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # the companion of this checkout

NATIVE = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
ALPHA, EPOCHS, HIDDEN = 4.0, 400, 32


def worker(rounds):
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_info

    import companion as nn

    X, Y = nn.digits()
    X_train, X_test, Y_train, Y_test = nn.train_test_split(X, Y, test_fraction=0.25, seed=0)
    y_train = nn.labels(Y_train)
    sizes = [X.shape[1], HIDDEN, Y.shape[1]]
    thetas_0, biases_0 = nn.init_thetas(sizes, seed=0), nn.init_biases(sizes)

    def companion_bias():
        return nn.gradient_descent(
            thetas_0, X_train, Y_train, alpha=ALPHA, epochs=EPOCHS, biases=biases_0, X_test=X_test, Y_test=Y_test
        )

    def companion_plain():
        return nn.gradient_descent(thetas_0, X_train, Y_train, alpha=ALPHA, epochs=EPOCHS, X_test=X_test, Y_test=Y_test)

    def make_mlp(max_iter):
        return MLPClassifier(
            hidden_layer_sizes=(HIDDEN,),
            activation="logistic",
            alpha=0.0,
            solver="sgd",
            batch_size=len(X_train),
            shuffle=False,
            momentum=0.0,
            nesterovs_momentum=False,
            learning_rate="constant",
            learning_rate_init=ALPHA,
            max_iter=max_iter,
            tol=0.0,
            n_iter_no_change=max_iter,
            random_state=0,
            warm_start=True,
        )

    def prepared_mlp():
        """Set up (a one-epoch fit) and start from companion's weights: not part of the timed call."""
        mlp = make_mlp(1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(X_train, y_train)
        mlp.coefs_ = [t.T.copy() for t in thetas_0]
        mlp.intercepts_ = [b.copy() for b in biases_0]
        mlp.loss_curve_ = []
        mlp.set_params(max_iter=EPOCHS, n_iter_no_change=EPOCHS)
        return mlp

    def sklearn_fit(mlp):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(X_train, y_train)
        return mlp

    times = {"companion, bias": [], "scikit-learn": [], "companion, no bias": []}
    same = True
    for _ in range(rounds):
        start = time.perf_counter()
        ours = companion_bias()
        times["companion, bias"].append(time.perf_counter() - start)
        mlp = prepared_mlp()
        start = time.perf_counter()
        sklearn_fit(mlp)
        times["scikit-learn"].append(time.perf_counter() - start)
        start = time.perf_counter()
        companion_plain()
        times["companion, no bias"].append(time.perf_counter() - start)
        gap = max(
            np.max(np.abs(np.array(mlp.loss_curve_) - np.array(ours.history.error[:-1]))),
            *[np.max(np.abs(c.T - t)) for c, t in zip(mlp.coefs_, ours.thetas)],
        )
        same = same and bool(gap < 1e-9)
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return {
        "medians": {name: statistics.median(ts) for name, ts in times.items()},
        "same": same,
        "kernel": blas[0].get("architecture", "?") if blas else "?",
        "threads": blas[0].get("num_threads", "?") if blas else "?",
    }


def run_configuration(threads, native, rounds):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    if native:
        for name in NATIVE:
            env.pop(name, None)
    out = subprocess.run(
        [sys.executable, __file__, "--worker", "--rounds", str(rounds)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.rounds)))
        return
    import numpy
    import sklearn

    started = time.perf_counter()
    print(
        f"digits 64 → {HIDDEN} → 10, full batch, α = {ALPHA:g}, {EPOCHS} epochs; medians of {args.rounds} rounds "
        f"in turns; numpy {numpy.__version__}, scikit-learn {sklearn.__version__}, Python {sys.version.split()[0]}\n"
    )
    print("| kernel | threads | companion, bias | scikit-learn | ÷ scikit-learn | companion, no bias | same run? |")
    print("|---|---|---|---|---|---|---|")
    for native in (False, True):
        for threads in (1, 2):
            r = run_configuration(threads, native, args.rounds)
            m = r["medians"]
            print(
                f"| {r['kernel']}{' (native)' if native else ''} | {r['threads']} | {m['companion, bias']:.3f} s "
                f"| {m['scikit-learn']:.3f} s | {m['companion, bias'] / m['scikit-learn']:.2f}× "
                f"| {m['companion, no bias']:.3f} s | {'yes' if r['same'] else 'NO'} |",
                flush=True,
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nwhole run {time.perf_counter() - started:.0f} s; load average at the end {load:.1f}")


if __name__ == "__main__":
    main()
