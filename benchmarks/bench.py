"""How fast does companion train, next to scikit-learn, PyTorch and the BLAS it runs on?  Asserts nothing.

    python benchmarks/bench.py            # everything: 8 configurations (about 5 min on 2 quiet cores, estimated)
    python benchmarks/bench.py --quick    # smoke run: M = 6000 for the MNIST shape, 3 rounds

One epoch = one full-batch gradient-descent step (sigmoid hidden layers, softmax, cross-entropy,
no bias in companion and PyTorch) plus, for companion, E and the accuracy of the new weights.
Workloads are synthetic and seeded (nothing is downloaded):

    digits-shaped   M = 1797,   64 → 64 → 10
    MNIST-shaped    M = 60000,  784 → 128 → 64 → 10

Every configuration runs in a fresh Python process (a `worker`), so that nothing one measurement
allocated or warmed helps the next:

    BLAS kernel   the environment's (here OPENBLAS_CORETYPE=Haswell forces OpenBLAS's AVX2 kernel)
                  and the CPU's own (the same command under `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`);
                  the kernel that really runs is read back with threadpoolctl and printed
    threads       1 and 2 BLAS (and PyTorch) threads
    malloc        cold: a fresh process, timed from its first epoch on — what a user's new session gets;
                  warm: one untimed epoch of each, after freeing a 30 MB array, which raises glibc's
                  thresholds so that freed arrays are kept for reuse instead of given back to the system

Timing in turns: companion trains for R epochs and, inside its callback after each epoch, the others
take one epoch each, so that a busy machine slows all of them alike.  A companion epoch is the time
from the end of one callback to the start of the next.  Figures are medians over the R rounds.

The BLAS bound is the time of the epoch's matrix products alone: Z_ℓ = A_{ℓ−1} Θ_ℓᵀ, Δ_ℓᵀ A_{ℓ−1}
and Δ_ℓ Θ_ℓ (ℓ ≥ 2), timed in each round on the real shapes (the faster of two operand layouts) and
summed; the median over the rounds.  An epoch with free element-wise work would take that long.
With 1 thread the CPU time of each is recorded too and printed in a second table: on a busy machine
the wall clock also counts the waits for a core, the CPU time hardly does.

Also: the peak extra memory of one MNIST-shaped float64 epoch (tracemalloc), and the explorer's
slider latency (retrain + redraw at its defaults: compute, draw and PNG timed apart).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # the companion of this checkout

ALPHA = 0.1
WORKLOADS = {"digits": (1797, [64, 64, 10]), "mnist": (60000, [784, 128, 64, 10])}
NATIVE = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # unset these for OpenBLAS's own choice of kernel
TARGETS = [  # (workload, dtype, column, at most) — companion's epoch ÷ the column's
    ("mnist", "f64", "scikit-learn", 0.9),
    ("mnist", "f64", "bound", 1.10),
    ("mnist", "f32", "PyTorch", 0.9),
    ("mnist", "f32", "bound", 1.15),
    ("digits", "f64", "scikit-learn", 0.5),
]


# --------------------------------------------------------------------------- one configuration (a worker)


def make_data(M, sizes, seed=0):
    """Pixel-like inputs in [0, 1) and labels from a fixed random linear teacher."""
    import numpy as np

    rng = np.random.default_rng(seed)
    X = rng.random((M, sizes[0]))
    teacher = rng.normal(size=(sizes[0], sizes[-1]))
    y = np.concatenate([((X[i : i + 1024] - 0.5) @ teacher).argmax(axis=1) for i in range(0, M, 1024)])
    return X, y


def sklearn_epoch(X, y, sizes):
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=tuple(sizes[1:-1]),
        activation="logistic",
        solver="sgd",
        batch_size=len(y),
        momentum=0.0,
        alpha=0.0,
        learning_rate_init=ALPHA,
        shuffle=False,
        random_state=0,
    )
    calls = []

    def epoch():  # its own argument checks included, as a user's call
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.partial_fit(X, y, **({} if calls else {"classes": list(range(sizes[-1]))}))
        calls.append(1)

    return epoch


def torch_epoch(thetas, X, y):
    import torch

    layers = []
    for ell, theta in enumerate(thetas, start=1):
        linear = torch.nn.Linear(theta.shape[1], theta.shape[0], bias=False, dtype=torch.from_numpy(theta).dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(theta))  # Θ_ℓ has nn.Linear's (out, in) layout
        layers += [linear] + ([torch.nn.Sigmoid()] if ell < len(thetas) else [])
    model, Xt, yt = torch.nn.Sequential(*layers), torch.from_numpy(X), torch.from_numpy(y.astype("int64"))
    loss, opt = torch.nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=ALPHA)

    def epoch():
        opt.zero_grad(set_to_none=True)
        out = loss(model(Xt), yt)
        out.backward()
        opt.step()
        out.item()

    return epoch


def gemm_probe(thetas, X):
    """The epoch's matrix products; each call times them all and records their sum (each product: its faster layout)."""
    import numpy as np

    rng, M, dtype = np.random.default_rng(1), X.shape[0], X.dtype
    A = [X] + [rng.random((M, t.shape[0])).astype(dtype) for t in thetas]  # A_0 = X, A_ℓ, and Δ_ℓ alike
    products = []
    for ell, t in enumerate(thetas, start=1):
        a, d = A[ell - 1], A[ell]
        z, g, dt = np.empty_like(d), np.empty_like(t), np.empty_like(a)
        tc, dc = np.ascontiguousarray(t.T), np.ascontiguousarray(d.T)
        products.append(
            [
                lambda a=a, t=t, z=z: np.matmul(a, t.T, out=z),  # Z_ℓ = A_{ℓ−1} Θ_ℓᵀ
                lambda a=a, tc=tc, z=z: np.matmul(a, tc, out=z),
            ]
        )
        products.append(
            [
                lambda a=a, d=d, g=g: np.matmul(d.T, a, out=g),  # Δ_ℓᵀ A_{ℓ−1}
                lambda a=a, dc=dc, g=g: np.matmul(dc, a, out=g),
            ]
        )
        if ell > 1:
            products.append([lambda d=d, t=t, dt=dt: np.matmul(d, t, out=dt)])  # Δ_ℓ Θ_ℓ
    sums = {"wall": [], "cpu": []}

    def epoch():
        total = total_cpu = 0.0
        for variants in products:
            fastest = fastest_cpu = float("inf")
            for f in variants:
                start, start_cpu = time.perf_counter(), time.thread_time()
                f()
                fastest = min(fastest, time.perf_counter() - start)
                fastest_cpu = min(fastest_cpu, time.thread_time() - start_cpu)
            total, total_cpu = total + fastest, total_cpu + fastest_cpu
        sums["wall"].append(total)
        sums["cpu"].append(total_cpu)

    return sums, epoch


def time_workload(name, dtype_name, rounds, warm):
    """Median seconds per epoch of each implementation, timed in turns inside companion's callback."""
    import numpy as np

    import companion

    M, sizes = WORKLOADS[name]
    if rounds["quick"] and name == "mnist":
        M = 6000
    dtype = np.float64 if dtype_name == "f64" else np.float32
    X, y = make_data(M, sizes)
    X = X.astype(dtype)
    thetas = companion.init_thetas(sizes, seed=0, dtype=dtype)
    others = {}
    others["scikit-learn"] = sklearn_epoch(X, y, sizes)
    try:
        others["PyTorch"] = torch_epoch(thetas, X, y)
    except ImportError:
        pass
    bound, others["GEMM"] = gemm_probe(thetas, X)
    times = {k: [] for k in ["companion", *others]}
    cpu = {k: [] for k in times}  # CPU time of this thread: steady on a busy machine, if 1 thread
    if warm:
        companion.gradient_descent(thetas, X, y, ALPHA, epochs=1)
        for f in others.values():
            f()
        bound["wall"].clear(), bound["cpu"].clear()
    resume = []

    def callback(t, history):
        now, now_cpu = time.perf_counter(), time.thread_time()
        if resume:
            times["companion"].append(now - resume[-1][0])
            cpu["companion"].append(now_cpu - resume[-1][1])
        if t < n:  # the others take their turn
            for k, f in others.items():
                start, start_cpu = time.perf_counter(), time.thread_time()
                f()
                times[k].append(time.perf_counter() - start)
                cpu[k].append(time.thread_time() - start_cpu)
        resume.append((time.perf_counter(), time.thread_time()))

    n = rounds[name]
    companion.gradient_descent(thetas, X, y, ALPHA, epochs=n, callback=callback)
    out = {k: float(np.median(v)) for k, v in times.items() if k != "GEMM"}
    out["bound"] = float(np.median(bound["wall"]))
    out["cpu"] = {k: float(np.median(v)) for k, v in cpu.items() if k != "GEMM"}
    out["cpu"]["bound"] = float(np.median(bound["cpu"]))
    return out


def peak_memory(quick):
    """Peak bytes numpy allocates during one MNIST-shaped float64 gradient_descent(epochs=1) call, beyond X."""
    import tracemalloc

    import companion

    M, sizes = WORKLOADS["mnist"]
    M = 6000 if quick else M
    X, y = make_data(M, sizes)
    thetas = companion.init_thetas(sizes, seed=0)
    companion.gradient_descent(thetas, X[:100], y[:100], ALPHA, epochs=1)  # imports, first-call caches
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    companion.gradient_descent(thetas, X, y, ALPHA, epochs=1)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return {"peak": peak, "X": X.nbytes, "layers": [M * h * 8 for h in sizes[1:]]}


def explorer_latency(repeats=9):
    """The explorer's slider at its defaults: retrain (compute), build the figure (draw), render the PNG.

    Wall-clock medians, and the CPU time of this thread too: on a busy machine the wall clock also
    counts the time spent waiting for a core, the CPU time does not (it is what a quiet machine would show).
    """
    import numpy as np

    from companion import widgets  # the explorer's pure parts: compute, draw, and figure_png

    # what the live panel does on a slider change (LivePanel.update): settings → data → Figure → PNG
    steps = {
        "compute": lambda k, _: widgets.explorer_compute({"alpha": 1.0 + 0.01 * (k % 2)}),
        "draw": lambda _, data: widgets.explorer_draw(data),
        "png": lambda _, figure: widgets.figure_png(figure, colors=None),
    }
    wall, cpu = {k: [] for k in steps}, {k: [] for k in steps}
    for k in range(repeats):
        value = None
        for name, step in steps.items():
            start, start_cpu = time.perf_counter(), time.thread_time()
            value = step(k, value)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.thread_time() - start_cpu)
    out = {k: float(np.median(v)) for k, v in wall.items()}
    out["total"] = float(np.median([sum(p) for p in zip(*wall.values())]))
    out["cpu"] = {k: float(np.median(v)) for k, v in cpu.items()}
    out["cpu"]["total"] = float(np.median([sum(p) for p in zip(*cpu.values())]))
    return out


def worker(args):
    if args.malloc == "warm":
        import numpy as np

        warm = np.ones(30 * 2**20 // 8)  # a 30 MB array, freed: glibc's thresholds rise
        del warm
    import numpy as np  # noqa: F401  (loads the BLAS for threadpoolctl)
    from threadpoolctl import threadpool_info

    blas = next(p for p in threadpool_info() if p["user_api"] == "blas")
    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        torch = None
    result = {
        "kernel": blas.get("architecture"),
        "blas_threads": blas["num_threads"],
        "blas": f"{blas['internal_api']} {blas['version']}",
        "torch": torch and torch.__version__,
    }
    if args.job == "memory":
        result["memory"] = peak_memory(args.quick)
    elif args.job == "latency":
        result["latency"] = explorer_latency()
    else:
        rounds = {"digits": 3 if args.quick else 25, "mnist": 3 if args.quick else 7, "quick": args.quick}
        result["epochs"] = {
            f"{w} {d}": time_workload(w, d, rounds, args.malloc == "warm") for w in WORKLOADS for d in ("f64", "f32")
        }
    print(json.dumps(result))


# --------------------------------------------------------------------------- the driver


def run_worker(job, threads, malloc, native, quick):
    env = dict(
        os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads)
    )
    for k in NATIVE if native else ():
        env.pop(k, None)
    cmd = [sys.executable, __file__, "--worker", job, "--threads", str(threads), "--malloc", malloc]
    out = subprocess.run(cmd + (["--quick"] if quick else []), env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"worker {cmd} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ms(seconds):
    if seconds != seconds:
        return "—"
    return f"{seconds * 1e3:.0f} ms" if seconds >= 0.1 else f"{seconds * 1e3:.3g} ms"


def ratio(a, b):
    return f"{a / b:.2f}×" if b and b == b else "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small M, 3 rounds")
    parser.add_argument("--worker", choices=["epochs", "memory", "latency"], dest="job", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--malloc", choices=["cold", "warm"], default="cold", help=argparse.SUPPRESS)
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    parser.add_argument("--only-threads", type=int, choices=[1, 2], help="measure at this thread count only")
    args = parser.parse_args()
    if args.job:
        return worker(args)

    started = time.time()
    forced = {k: os.environ[k] for k in NATIVE if k in os.environ}
    print(
        f"companion benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}; CPU: {cpu_name()}, {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f}; environment {forced or 'sets no OpenBLAS kernel'}\n"
    )
    mem = run_worker("memory", 1, "cold", False, args.quick)["memory"]
    acts = sum(mem["layers"])
    print(
        f"Peak extra memory of one MNIST-shaped float64 epoch (gradient_descent(epochs=1), tracemalloc, "
        f"beyond X = {mem['X'] / 1e6:.0f} MB): {mem['peak'] / 1e6:.0f} MB = {mem['peak'] / acts:.2f}× the "
        f"activations of all layers ({' + '.join(f'{b / 1e6:.0f}' for b in mem['layers'])} = {acts / 1e6:.0f} MB); "
        f"target ≤ 2×"
    )
    lat = run_worker("latency", 1, "cold", False, args.quick)["latency"]
    print(
        f"Explorer slider at its defaults (1 BLAS thread, medians): {ms(lat['total'])} = retrain "
        f"{ms(lat['compute'])} + figure {ms(lat['draw'])} + PNG {ms(lat['png'])}; target ≤ 100 ms\n"
        f"  CPU time of the same (less affected by a busy machine): {ms(lat['cpu']['total'])} = {ms(lat['cpu']['compute'])}"
        f" + {ms(lat['cpu']['draw'])} + {ms(lat['cpu']['png'])}\n",
        flush=True,
    )
    kernels = [("environment's", False)] + ([("native", True)] if forced else [])
    rows, configs = [], {}
    for kernel, native in kernels:
        for threads in [args.only_threads] if args.only_threads else (1, 2):
            for malloc in ("cold", "warm"):
                r = run_worker("epochs", threads, malloc, native, args.quick)
                configs[f"{kernel}/{threads}/{malloc}"] = r
                print(
                    f"  done: {r['blas']} kernel {r['kernel']}, {r['blas_threads']} BLAS threads, malloc {malloc}"
                    f"  ({time.time() - started:.0f} s)",
                    flush=True,
                )
                for workload, e in r["epochs"].items():
                    rows.append((r["kernel"], threads, malloc, workload, e))
                if args.json:  # after each configuration: a long run keeps what it has
                    with open(args.json, "w") as f:
                        json.dump({"configs": configs, "memory": mem, "latency": lat}, f, indent=1)
    torch_version = next(iter(configs.values()))["torch"]
    print(f"\nSeconds per epoch, medians (PyTorch {torch_version or 'not importable: its column is empty'}):\n")
    print(
        "| kernel | threads | malloc | workload | companion | scikit-learn | PyTorch | BLAS bound "
        "| ÷ scikit-learn | ÷ PyTorch | ÷ bound |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for kernel, threads, malloc, workload, e in rows:
        c, sk, pt, b = (e.get(k, float("nan")) for k in ("companion", "scikit-learn", "PyTorch", "bound"))
        print(
            f"| {kernel} | {threads} | {malloc} | {workload} | {ms(c)} | {ms(sk)} | {ms(pt)} | {ms(b)} "
            f"| {ratio(c, sk)} | {ratio(c, pt)} | {ratio(c, b)} |"
        )

    print("\nThe 1-thread rows again in CPU time (this thread's; less affected by a busy machine):\n")
    print(
        "| kernel | malloc | workload | companion | scikit-learn | PyTorch | BLAS bound | ÷ scikit-learn | ÷ PyTorch "
        "| ÷ bound |\n|---|---|---|---|---|---|---|---|---|---|"
    )
    for kernel, threads, malloc, workload, e in rows:
        if threads == 1:
            c, sk, pt, b = (e["cpu"].get(k, float("nan")) for k in ("companion", "scikit-learn", "PyTorch", "bound"))
            print(
                f"| {kernel} | {malloc} | {workload} | {ms(c)} | {ms(sk)} | {ms(pt)} | {ms(b)} "
                f"| {ratio(c, sk)} | {ratio(c, pt)} | {ratio(c, b)} |"
            )

    print("\nTargets (companion's epoch ÷ …, in every configuration above):\n")
    for workload, dtype, column, limit in TARGETS:
        found = [
            (e["companion"] / e[column], f"{k}/{t}/{m}")
            for k, t, m, w, e in rows
            if w == f"{workload} {dtype}" and column in e
        ]
        if not found:
            print(f"- {workload} {dtype} ÷ {column} ≤ {limit}×: not measured")
            continue
        worst = max(found)
        met = sum(r <= limit for r, _ in found)
        print(
            f"- {workload} {dtype} ÷ {column} ≤ {limit}×: met in {met} of {len(found)}; "
            f"worst {worst[0]:.2f}× ({worst[1]}), best {min(found)[0]:.2f}×"
        )

    print(f"\nload average at the end {os.getloadavg()[0]:.1f}; {time.time() - started:.0f} s in all")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        import platform

        return platform.processor() or "unknown"


if __name__ == "__main__":
    main()
