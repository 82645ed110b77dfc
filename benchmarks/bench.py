"""How fast does companion train, next to scikit-learn, PyTorch and the BLAS it runs on?

Prints figures; asserts nothing about timings.

    python benchmarks/bench.py                 # everything (a few minutes on 2 cores)
    python benchmarks/bench.py --quick         # smoke run: smaller M, fewer repeats
    python benchmarks/bench.py --only mnist    # one workload (digits | mnist)
    python benchmarks/bench.py --skip book,latency

Workloads (synthetic, seeded, nothing downloaded), full-batch gradient descent,
sigmoid hidden layers, softmax output, cross-entropy, no bias in companion/PyTorch:

* digits-shaped: M = 1797,  sizes 64 → 64 → 10
* MNIST-shaped:  M = 60000, sizes 784 → 128 → 64 → 10

What is timed, per epoch (one full-batch step), after a warm-up:

* companion: ``gradient_descent(thetas, X, y, alpha, epochs=1, callback=tick)``.
  "epoch" is the time between the callbacks of epoch 0 and epoch 1, i.e. what
  every further epoch of a long run costs: backpropagation + step + the forward
  pass that measures E and the accuracy of the new weights.  "one call" is the
  whole call, which adds the argument checks and the forward pass of epoch 0.
* scikit-learn: ``MLPClassifier(activation="logistic", solver="sgd",
  batch_size=M, momentum=0, alpha=0, learning_rate_init=α, shuffle=False)``,
  one ``partial_fit`` per epoch (its own checks included; it has bias units).
* PyTorch CPU (if importable): nn.Linear(bias=False) layers, sigmoid,
  CrossEntropyLoss (mean), torch.optim.SGD(lr=α), full batch, loss.item().
* BLAS bound: the epoch's matrix-product FLOPs, 6·M·Σ_ℓ H_ℓ·H_{ℓ−1} (forward,
  δ and gradient products), divided by the best GEMM rate measured in this run
  on the same shapes and dtype.  (No implementation needs the δ_0 product of the
  first layer, so the strict GEMM time — the sum of the best times of the
  products an epoch really needs — is lower still; it is printed too.)

The implementations are timed in turns (one epoch of each, round after round),
so that a busy machine slows them alike; the medians and the best times are
printed, with the load average.  On a shared machine two BLAS threads wait for
each other whenever one is descheduled, and the medians swing by several times;
``--threads 1`` gives steady figures for comparing implementations.  "faults" is
the median number of page faults per epoch: each is a fresh page of memory
touched for the first time (memory the allocator had given back to the system).

Also printed: the explorer's retrain-and-redraw latency
(``companion.widgets.benchmark_latency``, if it exists) and the time to execute
each notebook of ``_toc.yml`` in a fresh kernel (kernel start included), in a
throw-away copy of the repository; the repository's notebooks are never written.

Peak memory: the extra memory of one ``gradient_descent(epochs=1)`` call on the
MNIST-shaped float64 problem, beyond X (tracemalloc: numpy reports each array
to it), and, as a cross-check, the rise of the peak resident memory of a fresh
process (which also counts BLAS's buffers and what malloc keeps).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pathlib
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))          # the companion of this checkout, not another installed one

import numpy as np  # noqa: E402

import companion  # noqa: E402

ALPHA = 0.1
WORKLOADS = {
    "digits": {"title": "digits-shaped", "M": 1797, "sizes": [64, 64, 10], "quick_M": 1797},
    "mnist": {"title": "MNIST-shaped", "M": 60000, "sizes": [784, 128, 64, 10], "quick_M": 6000},
}
MEMORY_LIMIT_MB = 300
THREADS = os.cpu_count() or 1          # BLAS and PyTorch threads; --threads changes it


# --------------------------------------------------------------------------- the machine

def machine_report():
    lines = []
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    lines.append(f"CPU: {cpu}; {cores} logical cores ({usable} usable by this process); "
                 f"{platform.system()} {platform.machine()}")
    lines.append(f"Python {platform.python_version()}, numpy {np.__version__}")
    with contextlib.suppress(Exception):
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        lines.append(f"numpy's BLAS (build): {blas.get('name')} {blas.get('version', '')}".rstrip())
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                lines.append(f"BLAS at run time: {pool.get('internal_api')} {pool.get('version')}, "
                             f"kernel {pool.get('architecture')}, {pool.get('num_threads')} threads "
                             f"({pathlib.Path(pool.get('filepath', '')).name})")
    except ImportError:
        lines.append("BLAS at run time: threadpoolctl not installed")
    forced = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                                         "OMP_NUM_THREADS") if k in os.environ}
    if forced:
        lines.append("environment: " + ", ".join(f"{k}={v}" for k, v in forced.items())
                     + ("  (OPENBLAS_CORETYPE forces that OpenBLAS kernel; unset it and OPENBLAS_L2_SIZE "
                        "to let OpenBLAS pick the CPU's own)" if "OPENBLAS_CORETYPE" in forced else ""))
    with contextlib.suppress(ImportError):
        import sklearn
        lines.append(f"scikit-learn {sklearn.__version__}")
    torch = import_torch()
    if torch is not None:
        lines.append(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, "
                     f"MKL {'yes' if torch.backends.mkl.is_available() else 'no'}, "
                     f"oneDNN {'yes' if torch.backends.mkldnn.is_available() else 'no'}")
    else:
        lines.append("PyTorch: not importable here (its rows are skipped)")
    return lines


def load_average():
    with contextlib.suppress(OSError):
        return os.getloadavg()[0]
    return float("nan")


_TORCH = []


def import_torch():
    if not _TORCH:
        try:
            import torch
            torch.set_num_threads(THREADS)
            _TORCH.append(torch)
        except Exception:        # not installed, or a broken install: skip cleanly
            _TORCH.append(None)
    return _TORCH[0]


# --------------------------------------------------------------------------- data

def make_data(M, N, P, seed=0):
    """Pixel-like inputs in [0, 1) and labels from a fixed random linear teacher (learnable, not noise)."""
    rng = np.random.default_rng(seed)
    X = rng.random((M, N))
    teacher = rng.normal(size=(N, P))
    # in slices, so that no temporary as large as X raises the process's peak memory
    y = np.concatenate([((X[i:i + 512] - 0.5) @ teacher).argmax(axis=1) for i in range(0, M, 512)])
    return X, y


# --------------------------------------------------------------------------- the implementations

class Companion:
    def __init__(self, sizes, X, y, dtype):
        self.name, self.dtype = "companion", np.dtype(dtype)
        self.X = np.ascontiguousarray(X, dtype=dtype)     # converted once, as a user holding float32 data would
        self.y = y
        self.thetas = companion.init_thetas(sizes, seed=0, dtype=dtype)

    def run(self):
        ticks = []
        start = time.perf_counter()
        result = companion.gradient_descent(self.thetas, self.X, self.y, ALPHA, epochs=1,
                                            callback=lambda t, h: ticks.append((time.perf_counter(), faults())))
        call = time.perf_counter() - start
        self.thetas = result.thetas
        return {"epoch": ticks[1][0] - ticks[0][0], "call": call, "faults": ticks[1][1] - ticks[0][1]}


class SKLearn:
    def __init__(self, sizes, X, y, dtype):
        from sklearn.neural_network import MLPClassifier
        self.name, self.dtype = "scikit-learn", np.dtype(dtype)
        self.X = np.ascontiguousarray(X, dtype=dtype)
        self.y, self.classes = y, np.arange(sizes[-1])
        self.clf = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), activation="logistic", solver="sgd",
                                 batch_size=len(y), momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                                 learning_rate_init=ALPHA, shuffle=False, random_state=0)
        self.first = True

    def run(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            if self.first:
                self.clf.partial_fit(self.X, self.y, classes=self.classes)
                self.first = False
            else:
                self.clf.partial_fit(self.X, self.y)
            return {"epoch": time.perf_counter() - start}


class Torch:
    def __init__(self, sizes, X, y, dtype):
        torch = import_torch()
        self.torch, self.name, self.dtype = torch, "PyTorch", np.dtype(dtype)
        tdtype = torch.float64 if self.dtype == np.float64 else torch.float32
        layers = []
        for ell, theta in enumerate(companion.init_thetas(sizes, seed=0, dtype=dtype), start=1):
            linear = torch.nn.Linear(theta.shape[1], theta.shape[0], bias=False, dtype=tdtype)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(theta))   # Θ_ℓ has nn.Linear's (out, in) layout
            layers.append(linear)
            if ell < len(sizes) - 1:
                layers.append(torch.nn.Sigmoid())
        self.model = torch.nn.Sequential(*layers)
        self.X = torch.from_numpy(np.ascontiguousarray(X, dtype=dtype))
        self.y = torch.from_numpy(np.asarray(y, dtype=np.int64))
        self.loss = torch.nn.CrossEntropyLoss()
        self.opt = torch.optim.SGD(self.model.parameters(), lr=ALPHA)

    def run(self):
        start = time.perf_counter()
        self.opt.zero_grad(set_to_none=True)
        loss = self.loss(self.model(self.X), self.y)
        loss.backward()
        self.opt.step()
        loss.item()
        return {"epoch": time.perf_counter() - start}


class GEMMProbe:
    """Times the epoch's matrix products (and contiguous variants) to find the best GEMM rate."""

    def __init__(self, sizes, X, y, dtype):
        self.name, self.dtype = "GEMM", np.dtype(dtype)
        rng = np.random.default_rng(1)
        M = X.shape[0]
        A = [np.ascontiguousarray(X, dtype=dtype)] + [rng.random((M, h)).astype(dtype) for h in sizes[1:]]
        D = [None] + [rng.random((M, h)).astype(dtype) for h in sizes[1:]]
        T = [None] + [rng.random((h, h_prev)).astype(dtype) for h_prev, h in zip(sizes[:-1], sizes[1:])]
        self.products = []        # (name, needed by an epoch?, flops, function)
        for ell in range(1, len(sizes)):
            a, d, t = A[ell - 1], D[ell], T[ell]
            flops = 2.0 * M * sizes[ell] * sizes[ell - 1]
            tc = np.ascontiguousarray(t.T)
            dc = np.ascontiguousarray(d.T)
            self.products += [
                (f"Z_{ell} = A_{ell - 1} Θ_{ell}ᵀ", True, flops, lambda a=a, t=t: a @ t.T),
                (f"Z_{ell} (Θ_{ell}ᵀ contiguous)", None, flops, lambda a=a, tc=tc: a @ tc),
                (f"Δ_{ell}ᵀ A_{ell - 1}", True, flops, lambda a=a, d=d: d.T @ a),
                (f"Δ_{ell}ᵀ A_{ell - 1} (Δᵀ contiguous)", None, flops, lambda a=a, dc=dc: dc @ a),
                (f"Δ_{ell} Θ_{ell}", ell > 1, flops, lambda d=d, t=t: d @ t),
            ]
        self.best = {name: float("inf") for name, *_ in self.products}

    def run(self):
        for name, _, _, f in self.products:
            start = time.perf_counter()
            f()
            self.best[name] = min(self.best[name], time.perf_counter() - start)
        return {}

    def summary(self, M, sizes):
        rates = {name: flops / self.best[name] for name, _, flops, _ in self.products}
        best_name = max(rates, key=rates.get)
        flops = 6.0 * M * sum(h * h_prev for h_prev, h in zip(sizes[:-1], sizes[1:]))
        # strict: each product an epoch needs, at the best time of any layout of it
        strict = 0.0
        for name, needed, _, _ in self.products:
            if needed:
                variants = [n for n, *_ in self.products if n.split(" (")[0] == name]
                strict += min(self.best[n] for n in variants)
        return {"rate": rates[best_name], "best_shape": best_name, "flops": flops,
                "bound": flops / rates[best_name], "strict": strict}


# --------------------------------------------------------------------------- timing in turns

def faults():
    """Page faults of this process so far: each first touch of freshly mapped memory is one."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def time_in_turns(runners, rounds, warmup):
    for r in runners:
        for _ in range(warmup):
            r.run()
    results = [dict() for _ in runners]
    for _ in range(rounds):
        for r, res in zip(runners, results):
            before = faults()
            measured = r.run()
            if not isinstance(r, GEMMProbe):
                measured.setdefault("faults", faults() - before)
            for key, value in measured.items():
                res.setdefault(key, []).append(value)
    return results


def fmt_s(seconds):
    if seconds != seconds:
        return "—"
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def bench_workload(key, quick, rounds, skip):
    w = WORKLOADS[key]
    M = w["quick_M"] if quick else w["M"]
    sizes = w["sizes"]
    X, y = make_data(M, sizes[0], sizes[-1])
    torch = None if "torch" in skip else import_torch()
    figures = {}
    print(f"\n== {w['title']}: M = {M}, sizes {' → '.join(map(str, sizes))}, α = {ALPHA}, "
          f"{rounds} rounds after a warm-up (load average {load_average():.1f}) ==", flush=True)
    for dtype in (np.float64, np.float32):
        dname = "f64" if dtype == np.float64 else "f32"
        runners = [Companion(sizes, X, y, dtype)]
        if "sklearn" not in skip:
            runners.append(SKLearn(sizes, X, y, dtype))
        if torch is not None:
            runners.append(Torch(sizes, X, y, dtype))
        probe = GEMMProbe(sizes, X, y, dtype)
        runners.append(probe)
        results = time_in_turns(runners, rounds, warmup=2 if key == "digits" else 1)
        g = probe.summary(M, sizes)
        fig = {"bound": g["bound"], "strict": g["strict"], "rate": g["rate"], "best_shape": g["best_shape"]}
        for r, res in zip(runners, results):
            for k, values in res.items():
                fig[f"{r.name}:{k}"] = (float(np.median(values)), float(np.min(values)))
        fig["blas_threads"] = THREADS
        figures[dname] = fig
        del runners, probe, results
    if torch is None and "torch" not in skip:
        print("(PyTorch is not importable in this Python: its rows are skipped. "
              "See benchmarks/README.md for a venv that has it.)")
    # the table
    head = (f"{'':48s} {'dtype':5s} {'median':>10s} {'best':>10s} {'÷ sklearn':>10s} {'÷ PyTorch':>10s} "
            f"{'÷ bound':>8s} {'faults':>7s}")
    print(head)
    print("-" * len(head))
    for dname, fig in figures.items():
        sk = fig.get("scikit-learn:epoch", (float("nan"),) * 2)
        pt = fig.get("PyTorch:epoch", (float("nan"),) * 2)
        bound = fig["bound"]

        def ratio(a, b):
            return f"{a / b:.2f}×" if a == a and b == b else "—"

        for label, k in [("companion, per epoch (gradient_descent)", "companion:epoch"),
                         ("companion, one call gradient_descent(epochs=1)", "companion:call"),
                         ("scikit-learn MLPClassifier.partial_fit", "scikit-learn:epoch"),
                         ("PyTorch CPU, one SGD step", "PyTorch:epoch")]:
            if k not in fig:
                continue
            med, best = fig[k]
            is_peer_sk, is_peer_pt = k.startswith("scikit"), k.startswith("PyTorch")
            flt = fig.get(k.split(":")[0] + ":faults", (float("nan"),))[0] if k != "companion:call" else float("nan")
            print(f"{label:48s} {dname:5s} {fmt_s(med):>10s} {fmt_s(best):>10s} "
                  f"{'' if is_peer_sk else ratio(med, sk[0]):>10s} {'' if is_peer_pt else ratio(med, pt[0]):>10s} "
                  f"{ratio(med, bound):>8s} {'' if flt != flt else format(flt, '.0f'):>7s}")
        print(f"{'BLAS bound: 6·M·ΣH_ℓH_ℓ₋₁ FLOPs ÷ best GEMM rate':48s} {dname:5s} {fmt_s(bound):>10s} "
              f"{'':>10s} {'':>10s} {'':>10s} {'1.00×':>8s}")
        print(f"{'   (best rate ' + format(fig['rate'] / 1e9, '.1f') + ' GFLOP/s, on ' + fig['best_shape'] + ')':48s}")
        print(f"{'   strict: the products an epoch needs':48s} {dname:5s} {fmt_s(fig['strict']):>10s}")
    return figures


# --------------------------------------------------------------------------- memory

def memory_tracemalloc(M, sizes):
    """Peak bytes numpy allocates during one gradient_descent(epochs=1) call, beyond X, y and Θ.

    numpy reports every array allocation to tracemalloc, so the peak of traced
    memory, started after X exists, is the extra memory of the call (BLAS's own
    work buffers are not numpy's and are not counted; see the RSS figure).
    """
    import tracemalloc
    X, y = make_data(M, sizes[0], sizes[-1])
    thetas = companion.init_thetas(sizes, seed=0)
    companion.gradient_descent(thetas, X[:100], y[:100], ALPHA, epochs=1)     # warm-up
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        companion.gradient_descent(thetas, X, y, ALPHA, epochs=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - base, X.nbytes


def memory_rss(M, sizes):
    """The same call in a fresh process: its peak resident memory (VmHWM) minus its resident memory once X exists.

    VmHWM (Linux /proc/self/status) is reset to the current RSS by writing 5 to
    /proc/self/clear_refs just before the call.  (ru_maxrss would not do: Linux
    carries it over from the parent process across exec.)
    """
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1])\n"
        "import numpy as np, companion\n"
        "from benchmarks.bench import make_data\n"
        "def status(key):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(key + ':'):\n"
        "            return int(line.split()[1]) * 1024\n"
        "M, sizes = int(sys.argv[2]), json.loads(sys.argv[3])\n"
        "th = companion.init_thetas(sizes, seed=0)\n"
        "X, y = make_data(M, sizes[0], sizes[-1])\n"
        "companion.gradient_descent(th, X[:2000], y[:2000], 0.1, epochs=1)   # BLAS threads and buffers up\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "base = status('VmRSS')\n"
        "companion.gradient_descent(th, X, y, 0.1, epochs=1)\n"
        "print(json.dumps({'extra': status('VmHWM') - base, 'X': X.nbytes}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(M), json.dumps(sizes)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- explorer latency, book

def explorer_latency():
    try:
        import companion.widgets as cw
    except Exception as exc:       # ipywidgets/matplotlib missing, or no such module
        print(f"explorer retrain-and-redraw latency: skipped ({type(exc).__name__}: {exc})")
        return None
    if not hasattr(cw, "benchmark_latency"):
        print("explorer retrain-and-redraw latency: skipped (companion.widgets has no benchmark_latency)")
        return None
    seconds = cw.benchmark_latency()
    print(f"explorer retrain-and-redraw latency (companion.widgets.benchmark_latency, median): {fmt_s(seconds)}")
    return seconds


def book_execution():
    """Execute every notebook of _toc.yml, in a throw-away copy of the repository, and time each."""
    try:
        import nbformat
        from nbclient import NotebookClient
        sys.path.insert(0, str(ROOT / "tools"))
        from toc import chapters_in_toc
    except Exception as exc:
        print(f"book execution: skipped ({type(exc).__name__}: {exc})")
        return None
    times = {}
    with tempfile.TemporaryDirectory(prefix="companion-bench-book-") as tmp:
        copy = pathlib.Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "_build", "__pycache__", "*.egg-info", "node_modules", ".ipynb_checkpoints"))
        as_make_book = {"COMPANION_WIDGETS": "static", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                        "MKL_NUM_THREADS": "1"}          # the environment `make book` gives the kernels
        env_before = {k: os.environ.get(k) for k in [*as_make_book, "PYTHONPATH"]}
        os.environ.update(as_make_book)
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy), env_before["PYTHONPATH"]]))
        try:
            print("book execution (each notebook of _toc.yml in a fresh kernel, in a throw-away copy):")
            for path in chapters_in_toc(copy):
                f = path.relative_to(copy).with_suffix("").as_posix()
                nb = nbformat.read(path, as_version=4)
                start = time.perf_counter()
                status = ""
                try:
                    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                                   resources={"metadata": {"path": str(path.parent)}}
                                   ).execute(stderr=subprocess.DEVNULL)     # the kernel's own log lines
                except Exception as exc:
                    status = f"  (failed: {type(exc).__name__}: {str(exc).strip().splitlines()[-1][:80]})"
                times[f] = time.perf_counter() - start
                print(f"  {f:34s} {times[f]:7.1f} s{status}", flush=True)
        finally:
            for k, v in env_before.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    print(f"  {'total':34s} {sum(times.values()):7.1f} s")
    return times


# --------------------------------------------------------------------------- targets

def targets_table(figs, memory):
    rows = []

    def med(w, d, k):
        return figs.get(w, {}).get(d, {}).get(k, (float("nan"),) * 2)

    def add(what, w, d, num, den, limit):
        if w not in figs:
            return
        a, b = med(w, d, num), (med(w, d, den) if den != "bound" else
                                (figs.get(w, {}).get(d, {}).get("bound", float("nan")),) * 2)
        rows.append((what, a[0] / b[0], a[1] / b[1], limit))

    add("MNIST f64: companion epoch ÷ scikit-learn epoch", "mnist", "f64", "companion:epoch", "scikit-learn:epoch", 1.0)
    add("MNIST f64: companion epoch ÷ BLAS bound", "mnist", "f64", "companion:epoch", "bound", 1.15)
    add("MNIST f32: companion epoch ÷ PyTorch f32 epoch", "mnist", "f32", "companion:epoch", "PyTorch:epoch", 1.0)
    add("MNIST f32: companion epoch ÷ BLAS bound", "mnist", "f32", "companion:epoch", "bound", 1.2)
    add("digits f64: companion epoch ÷ PyTorch f64 epoch", "digits", "f64", "companion:epoch", "PyTorch:epoch", 1.0)
    add("digits f64: companion epoch ÷ sklearn partial_fit call", "digits", "f64", "companion:epoch",
        "scikit-learn:epoch", 0.5)
    print("\nTargets (issue 'Performance'; ratios of medians, and of best times):")
    head = f"  {'':58s} {'median':>8s} {'best':>8s} {'limit':>8s}  met?"
    print(head)
    for what, r_med, r_best, limit in rows:
        if r_med != r_med:
            print(f"  {what:58s} {'—':>8s} {'—':>8s} {'≤' + format(limit, '.2f') + '×':>8s}  not measured")
            continue
        met = (f"yes, {100 * (1 - r_med / limit):.0f}% under" if r_med <= limit else
               f"no, {100 * (r_med / limit - 1):.0f}% over" + (" (best times: met)" if r_best <= limit else ""))
        print(f"  {what:58s} {r_med:7.2f}× {r_best:7.2f}× {'≤' + format(limit, '.2f') + '×':>8s}  {met}")
    if memory is not None:
        extra_mb = memory / 1e6
        print(f"  {'MNIST f64: peak memory of one epoch beyond X (tracemalloc)':58s} {extra_mb:5.0f} MB "
              f"{'':>8s} {'≤' + str(MEMORY_LIMIT_MB) + ' MB':>8s}  "
              + (f"yes, {MEMORY_LIMIT_MB - extra_mb:.0f} MB under" if extra_mb <= MEMORY_LIMIT_MB
                 else f"no, {extra_mb - MEMORY_LIMIT_MB:.0f} MB over"))
    print("  (\"far below scikit-learn's per-call overhead\" is read as ≤ 0.5× its partial_fit call.)")


# --------------------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: MNIST-shaped M = 6000, fewer rounds")
    parser.add_argument("--only", choices=sorted(WORKLOADS), help="run one workload only")
    parser.add_argument("--rounds", type=int, help="timed rounds per workload (default: digits 40, mnist 7; "
                        "--quick: 10 and 3)")
    parser.add_argument("--threads", type=int, help="BLAS and PyTorch threads (default: all cores); "
                        "1 gives steadier figures on a shared machine")
    parser.add_argument("--cold-malloc", action="store_true",
                        help="skip the allocator warm-up (see 'malloc' in the output)")
    parser.add_argument("--skip", default="", help="comma-separated: torch, sklearn, memory, latency, book")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    global THREADS
    limiter = None
    if args.threads:
        THREADS = args.threads
        with contextlib.suppress(ImportError):
            from threadpoolctl import threadpool_limits
            limiter = threadpool_limits(limits=THREADS)      # noqa: F841  (kept for the whole run)
    if not args.cold_malloc:
        # glibc serves arrays below its mmap threshold from the heap and gives the heap's
        # top back to the OS when more than twice that threshold is free, so a process
        # that has only ever freed ~1 MB arrays re-faults them on every epoch.  Freeing one
        # 30 MB array raises both thresholds, as any long-lived session has done by the time
        # it trains; it applies to every implementation alike.
        warm = np.ones(30 * 2**20 // 8)
        del warm
    started = time.perf_counter()
    print("companion benchmark —", time.strftime("%Y-%m-%d %H:%M"))
    print("\n".join(machine_report()))
    print(f"threads: {THREADS} for BLAS and PyTorch" + (" (--threads)" if args.threads else "")
          + ("; malloc: cold (--cold-malloc)" if args.cold_malloc else
             "; malloc: warmed by freeing one 30 MB array first (glibc thresholds, see the source)"))
    cores = os.cpu_count() or 1
    load0 = load_average()
    print(f"load average at start: {load0:.2f} on {cores} cores"
          + ("  — the machine is busy: timings are noisy, compare the 'best' column too" if load0 > 0.5 * cores
             else ""))
    figs = {}
    for key in ([args.only] if args.only else ["digits", "mnist"]):
        rounds = args.rounds or ({"digits": 10, "mnist": 3} if args.quick else {"digits": 40, "mnist": 7})[key]
        figs[key] = bench_workload(key, args.quick, rounds, skip)
    memory = None
    if "memory" not in skip and (args.only in (None, "mnist")):
        M = WORKLOADS["mnist"]["quick_M" if args.quick else "M"]
        sizes = WORKLOADS["mnist"]["sizes"]
        memory, x_bytes = memory_tracemalloc(M, sizes)
        print(f"\nPeak memory, companion MNIST-shaped float64, one gradient_descent(epochs=1) call (M = {M}):")
        print(f"  X itself: {x_bytes / 1e6:.0f} MB; extra allocated by numpy during the call "
              f"(tracemalloc peak): {memory / 1e6:.0f} MB   (MB = 10^6 bytes)")
        with contextlib.suppress(Exception):
            rss = memory_rss(M, sizes)
            print(f"  cross-check in a fresh process: peak RSS (VmHWM) rise during the call {rss['extra'] / 1e6:.0f} MB "
                  f"(counts BLAS buffers and malloc's retained pages too)")
    print()
    if "latency" not in skip:
        explorer_latency()
    if "book" not in skip:
        book_execution()
    targets_table(figs, memory)
    load1 = load_average()
    print(f"\nload average at end: {load1:.2f}; benchmark took {time.perf_counter() - started:.0f} s")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({"figures": figs, "memory_extra": memory,
                                                       "load": [load0, load1]}, indent=1))


if __name__ == "__main__":
    main()
