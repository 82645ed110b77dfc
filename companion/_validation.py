"""Checks at the public boundary of ``companion``.

Every public function validates its arguments here, once, and then hands clean
arrays to the mathematics.  A bad argument raises a ``TypeError`` (wrong kind of
object) or a ``ValueError`` (right kind, wrong shape or value) whose message
says, in the book's notation, what was expected and what arrived.

This module is private: readers of the package can skip it.
"""

from __future__ import annotations

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def describe(obj) -> str:
    """A short description of ``obj`` for error messages: type and shape."""
    if isinstance(obj, np.ndarray):
        return f"an array of shape {obj.shape} and dtype {obj.dtype}"
    return f"a {type(obj).__name__}"


def float_dtype(dtype) -> np.dtype:
    """Return ``dtype`` as float32 or float64, or raise a clear ``TypeError``."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be float64 or float32, got {dtype!r}") from None
    if dt not in (np.dtype(np.float64), np.dtype(np.float32)):
        raise TypeError(f"dtype must be float64 or float32, got {dt}")
    return dt


def as_array(value, name: str, *, ndim: int | None = None, shape_hint: str = "",
             dtype=None, allow_inf: bool = False) -> np.ndarray:
    """Convert ``value`` to a finite floating-point array with ``ndim`` dimensions.

    ``name`` is the book's symbol (``"X"``, ``"Θ_2"``, ``"z"``) and ``shape_hint``
    its shape in the book's symbols (``"(M, N)"``); both appear in messages.
    Integer and boolean input is converted to float64 (or ``dtype``); an array
    that already has the wanted dtype is not copied.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array{' of shape ' + shape_hint if shape_hint else ''}, "
                        f"got {describe(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be a numeric array{' of shape ' + shape_hint if shape_hint else ''}; "
                        f"could not convert {describe(value)} ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}"
                        + (" (complex numbers are not supported)" if arr.dtype.kind == "c" else ""))
    if ndim is not None and arr.ndim != ndim:
        expected = {1: "a 1-D array", 2: "a 2-D array"}.get(ndim, f"a {ndim}-D array")
        hint = f" {shape_hint}" if shape_hint else ""
        extra = ""
        if ndim == 2 and arr.ndim == 1 and name in ("X", "Y"):
            extra = (f"; a single sample must be a row: use {name}.reshape(1, -1)")
        raise ValueError(f"{name} must be {expected}{hint}, got {arr.ndim}-D with shape {arr.shape}{extra}")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype.kind != "f" or arr.dtype not in FLOAT_DTYPES:
        arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr) if not allow_inf else np.isnan(arr)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(arr[where]) else "inf"
        count = int(bad.sum())
        raise ValueError(f"{name} must be finite, got {kind} at index {where} "
                         f"({count} non-finite value{'s' if count > 1 else ''} in all)")
    return arr


def check_thetas(thetas) -> list[np.ndarray]:
    """Check that ``thetas`` is a list [Θ_1, …, Θ_L] of matrices whose shapes chain.

    Θ_ℓ must be 2-D with shape (H_ℓ, H_{ℓ−1}); the columns of Θ_ℓ must equal the
    rows of Θ_{ℓ−1}.  All matrices are returned in one common float dtype.
    """
    if isinstance(thetas, np.ndarray) or not isinstance(thetas, (list, tuple)):
        raise TypeError("thetas must be a list [Θ_1, …, Θ_L] of L matrices "
                        f"(thetas[ℓ-1] is Θ_ℓ), got {describe(thetas)}")
    if len(thetas) == 0:
        raise ValueError("thetas must hold at least one matrix Θ_1 (L ≥ 1), got an empty list")
    raw = [np.asarray(t) if not isinstance(t, (str, bytes)) and t is not None else t for t in thetas]
    kinds = [t.dtype for t in raw if isinstance(t, np.ndarray) and t.dtype.kind == "f"]
    common = np.result_type(*kinds) if kinds else np.dtype(np.float64)
    if common not in FLOAT_DTYPES:
        common = np.dtype(np.float64)
    out = []
    for ell, theta in enumerate(thetas, start=1):
        hint = f"(H_{ell}, H_{ell - 1})"
        t = as_array(theta, f"Θ_{ell}", ndim=2, shape_hint=hint, dtype=None)
        t = t.astype(common, copy=False)
        if 0 in t.shape:
            raise ValueError(f"Θ_{ell} must have shape {hint} with H_{ell} ≥ 1 and H_{ell - 1} ≥ 1, got {t.shape}")
        if out and t.shape[1] != out[-1].shape[0]:
            h_prev = out[-1].shape[0]
            raise ValueError(
                f"Θ_{ell} must have shape (H_{ell}, H_{ell - 1}) = (·, {h_prev}) because Θ_{ell - 1} has "
                f"shape {out[-1].shape}, so H_{ell - 1} = {h_prev}; got {t.shape}")
        out.append(t)
    return out


def check_X(X, thetas: list[np.ndarray], name: str = "X") -> np.ndarray:
    """Check X (M, N) against the network: N must equal H_0, the columns of Θ_1."""
    dtype = thetas[0].dtype
    arr = as_array(X, name, ndim=2, shape_hint="(M, N)", dtype=dtype)
    n0 = thetas[0].shape[1]
    if arr.shape[1] != n0:
        raise ValueError(f"{name} must have N = H_0 = {n0} columns, because Θ_1 has shape "
                         f"(H_1, H_0) = {thetas[0].shape}; got {name} of shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must have at least one sample (M ≥ 1), got shape {arr.shape}")
    return arr


def check_Y(Y, M: int, P: int, dtype=np.float64, name: str = "Y") -> np.ndarray:
    """Check the targets: one-hot rows (M, P), or integer labels (M,) in [0, P).

    Integer labels are turned into one-hot rows.  Returns a float array (M, P).
    """
    if isinstance(Y, (str, bytes)) or Y is None:
        raise TypeError(f"{name} must be a one-hot array of shape (M, P) or integer labels of shape (M,), "
                        f"got {describe(Y)}")
    arr = np.asarray(Y)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if arr.ndim == 1:
        if arr.dtype.kind == "f":
            if not np.isfinite(arr).all():
                raise ValueError(f"{name} labels must be finite integers in [0, P) = [0, {P}), got a non-finite value")
            if not np.all(arr == np.round(arr)):
                raise ValueError(f"{name} as a 1-D array must hold integer class labels in [0, P) = [0, {P}), "
                                 f"got non-integer values such as {arr[arr != np.round(arr)][0]!r}")
        labels = arr.astype(np.int64)
        if labels.shape[0] != M:
            raise ValueError(f"{name} must have one label per sample: M = {M} labels, got {labels.shape[0]}")
        bad = (labels < 0) | (labels >= P)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{name} labels must lie in [0, P) = [0, {P}) for P = H_L = {P} outputs; "
                             f"label {i} is {labels[i]}")
        out = np.zeros((M, P), dtype=dtype)
        out[np.arange(M), labels] = 1
        return out
    arr = as_array(arr, name, ndim=2, shape_hint="(M, P)", dtype=dtype)
    if arr.shape != (M, P):
        raise ValueError(f"{name} must have shape (M, P) = ({M}, {P}) — M samples as in X and "
                         f"P = H_L = {P} outputs as in Θ_L — got {arr.shape}")
    ok = np.all((arr == 0) | (arr == 1), axis=1) & (arr.sum(axis=1) == 1)
    if not ok.all():
        i = int(np.argmin(ok))
        raise ValueError(f"{name} rows must be one-hot (one 1, the rest 0); row {i} is {np.round(arr[i], 4).tolist()}")
    return arr


def check_positive_real(value, name: str, *, symbol: str | None = None) -> float:
    """A finite real number > 0 (the learning rate α, a step size ε, …)."""
    symbol = symbol or name
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{symbol} must be a real number > 0, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{symbol} must be a finite number > 0, got {value!r}")
    return value


def check_int(value, name: str, *, minimum: int) -> int:
    """An integer ≥ ``minimum`` (epochs, batch size, number of samples …)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer ≥ {minimum}, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be an integer ≥ {minimum}, got {value}")
    return int(value)


def check_sizes(sizes) -> list[int]:
    """Layer sizes [H_0 = N, H_1, …, H_L = P]: at least two positive integers, P ≥ 2."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list [H_0, H_1, …, H_L] of positive integers, got {describe(sizes)}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError("sizes must list at least H_0 = N and H_L = P (L ≥ 1 layer), "
                         f"got {len(sizes)} size{'s' if len(sizes) != 1 else ''}: {sizes}")
    out = []
    for ell, h in enumerate(sizes):
        if isinstance(h, bool) or not isinstance(h, numbers.Integral):
            if isinstance(h, numbers.Real) and float(h).is_integer():
                h = int(h)
            else:
                raise TypeError(f"H_{ell} (sizes[{ell}]) must be a positive integer, got {h!r}")
        if h <= 0:
            raise ValueError(f"H_{ell} (sizes[{ell}]) must be a positive integer, got {h}")
        out.append(int(h))
    if out[-1] < 2:
        raise ValueError(f"H_L = P (sizes[-1]) must be at least 2: a softmax output over one class "
                         f"is always 1 and cannot learn; got P = {out[-1]}")
    return out


def check_choice(value, name: str, choices) -> str:
    """One of a fixed set of strings, e.g. the loss name."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(repr(c) for c in choices)}; got {value!r}")
    return value


def check_grads(grads, thetas) -> list[np.ndarray]:
    """A list [∂E/∂Θ_1, …, ∂E/∂Θ_L], each shaped like its Θ_ℓ."""
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)) or len(grads) != len(thetas):
        raise TypeError(f"grads must be a list of L = {len(thetas)} arrays [∂E/∂Θ_1, …, ∂E/∂Θ_L], "
                        f"got {describe(grads)}" + (f" of length {len(grads)}" if isinstance(grads, (list, tuple)) else ""))
    out = []
    for ell, (g, t) in enumerate(zip(grads, thetas), start=1):
        g = as_array(g, f"∂E/∂Θ_{ell}", dtype=t.dtype)
        if g.shape != t.shape:
            raise ValueError(f"∂E/∂Θ_{ell} must have the shape of Θ_{ell}, (H_{ell}, H_{ell - 1}) = {t.shape}; "
                             f"got {g.shape}")
        out.append(g)
    return out
