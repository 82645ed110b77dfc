"""Checks at the public boundary of ``companion``: the one validation layer.

Every public function of the package — core, checks, plotting, widgets —
validates its arguments here, once, and then hands clean values to the
mathematics.  A bad argument raises a ``TypeError`` (wrong kind of object) or a
``ValueError`` (right kind, wrong shape or value) whose message names the
argument in the book's notation, says what was expected and what arrived::

    <name> must be <what was expected>, got <what arrived>

What each kind of argument must be:

=================  ===========================================================
arrays             ``as_array``: real numbers (bool/int/float), finite, the
                   right number of dimensions; never modified
Θ list, X, Y       ``check_thetas``, ``check_X``, ``check_Y``, ``check_data``
labels             ``check_labels``: 1-D integers in [0, P)
integers           ``check_int``: a Python or numpy integer — not a bool, not
                   a float — between a minimum and ``INT_MAX``
reals              ``check_real``, ``check_positive_real``: a finite number
                   (not a bool) within stated bounds
seeds              ``check_seed``: an integer in [0, ``INT_MAX``]; ``None`` is
                   refused, because everything in the book is reproducible
choices            ``check_choice``: one of a fixed tuple of strings
callables          ``check_callable``
sizes              ``check_sizes``, ``check_int_list``: an ordered list or
                   tuple (sets and dicts are refused) of positive integers
booleans           ``check_bool``: True or False (numpy's too), nothing else
results            ``require_finite``: a computation on finite inputs that
                   still overflowed becomes a clear ``ValueError``
=================  ===========================================================

This module is private: readers of the package can skip it.
"""

from __future__ import annotations

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)

#: The largest integer any argument may be (2**63 − 1, numpy's int64): a larger one
#: (10**400, say) is refused with a ValueError instead of numpy's OverflowError.
INT_MAX = 2**63 - 1

_ORDERED_HINT = "a list or tuple"


# --- descriptions for messages ------------------------------------------------------------------


def describe(obj) -> str:
    """A short description of ``obj`` for error messages: its type, and its shape or value."""
    if isinstance(obj, np.ndarray):
        return f"an array of shape {obj.shape} and dtype {obj.dtype}"
    if obj is None:
        return "None"
    if isinstance(obj, (bool, np.bool_)):
        return f"a bool ({bool(obj)!r})"
    if isinstance(obj, numbers.Number):
        return f"{_short_repr(obj)} ({type(obj).__name__})"
    if isinstance(obj, (str, bytes)):
        return f"a {type(obj).__name__} ({_short_repr(obj)})"
    if isinstance(obj, (set, frozenset, dict, list, tuple)):
        n = len(obj)
        return f"a {type(obj).__name__} of length {n} ({_short_repr(obj)})"
    name = type(obj).__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _short_repr(obj, limit: int = 60) -> str:
    if isinstance(obj, numbers.Integral) and not isinstance(obj, bool) and abs(int(obj)) > 10**30:
        return f"an integer of {len(str(abs(int(obj))))} digits"
    text = repr(obj)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- dtypes ---------------------------------------------------------------------------------------


def float_dtype(dtype) -> np.dtype:
    """Return ``dtype`` as float32 or float64, or raise a clear ``TypeError``."""
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError):
        raise TypeError(f"dtype must be float64 or float32, got {dtype!r}") from None
    if dt not in (np.dtype(np.float64), np.dtype(np.float32)):
        raise TypeError(f"dtype must be float64 or float32, got {dt}")
    return dt


# --- arrays ---------------------------------------------------------------------------------------


def _expected(shape_hint: str, what: str = "a numeric array") -> str:
    return f"{what} of shape {shape_hint}" if shape_hint else what


def _to_numeric(value, name: str, shape_hint: str = "", what: str = "a numeric array") -> np.ndarray:
    """``np.asarray(value)`` with real-number dtype (b, i, u, f), or a clear TypeError/ValueError.

    Refuses None, strings, sets and dicts; ragged nested lists; strings, None or
    complex numbers inside; integers too large for float64.  Never copies an array.
    """
    expected = _expected(shape_hint, what)
    if value is None or isinstance(value, (str, bytes, set, frozenset, dict)):
        raise TypeError(f"{name} must be {expected}, got {describe(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):  # ragged nested lists ("inhomogeneous shape") and the like
        raise TypeError(
            f"{name} must be {expected} (a rectangular nested list or an array), "
            f"got {describe(value)} whose rows have different lengths or types"
        ) from None
    if arr.dtype.kind == "O":
        return _object_to_float(arr, name, expected)
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex numbers (dtype {arr.dtype})")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    return arr


def _object_to_float(arr: np.ndarray, name: str, expected: str) -> np.ndarray:
    for v in arr.flat:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name} must be {expected} of real numbers, got an element {describe(v)}")
    try:
        return arr.astype(np.float64)
    except (OverflowError, ValueError, TypeError):
        big = next(v for v in arr.flat if not np.isfinite(_safe_float(v)))
        raise ValueError(
            f"{name} must hold numbers within float64's range (|x| ≤ {np.finfo(np.float64).max:.4g}), "
            f"got {_short_repr(big)}"
        ) from None


def _safe_float(v) -> float:
    try:
        return float(v)
    except OverflowError:
        return float("inf")


def _first_bad(mask: np.ndarray) -> tuple:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _check_finite(arr: np.ndarray, name: str, allow_inf: bool = False) -> None:
    if arr.dtype.kind != "f":
        return
    bad = np.isnan(arr) if allow_inf else ~np.isfinite(arr)
    if bad.any():
        where = _first_bad(bad)
        kind = "NaN" if np.isnan(arr[where]) else "inf"
        count = int(bad.sum())
        raise ValueError(
            f"{name} must be finite, got {kind} at index {where} "
            f"({count} non-finite value{'s' if count > 1 else ''} in all)"
        )


def _cast(arr: np.ndarray, dtype, name: str) -> np.ndarray:
    """Cast to ``dtype`` (float32/float64), refusing values beyond its range instead of making inf."""
    dtype = np.dtype(dtype)
    if arr.dtype == dtype:
        return arr
    if arr.size and arr.dtype.kind in "iuf":
        biggest = np.finfo(dtype).max
        with np.errstate(all="ignore"):
            too_big = np.abs(arr.astype(np.float64) if arr.dtype.kind in "iu" else arr) > biggest
        if too_big.any():
            where = _first_bad(too_big)
            raise ValueError(
                f"{name} must fit in {dtype} (|values| ≤ {biggest:.4g}) to be computed in {dtype}, "
                f"got {arr[where].item()!r} at index {where}"
            )
    return arr.astype(dtype)


def as_array(
    value,
    name: str,
    *,
    ndim: int | None = None,
    shape_hint: str = "",
    dtype=None,
    allow_inf: bool = False,
    min_ndim: int | None = None,
) -> np.ndarray:
    """Convert ``value`` to a finite floating-point array with ``ndim`` dimensions.

    ``name`` is the book's symbol (``"X"``, ``"Θ_2"``, ``"z"``) and ``shape_hint``
    its shape in the book's symbols (``"(M, N)"``); both appear in messages.
    Integer and boolean input is converted to float64 (or ``dtype``); an array
    that already has the wanted dtype is not copied (and never modified).
    Values that do not fit in ``dtype`` (float64 data for a float32 network)
    raise a ValueError instead of silently becoming inf.
    """
    arr = _to_numeric(value, name, shape_hint)
    if ndim is not None and arr.ndim != ndim:
        expected = {1: "a 1-D array", 2: "a 2-D array"}.get(ndim, f"a {ndim}-D array")
        hint = f" {shape_hint}" if shape_hint else ""
        extra = ""
        if ndim == 2 and arr.ndim == 1 and name in ("X", "Y", "X_test", "Y_test"):
            extra = f"; a single sample must be a row: use {name}.reshape(1, -1)"
        raise ValueError(f"{name} must be {expected}{hint}, got {arr.ndim}-D with shape {arr.shape}{extra}")
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must be an array with at least {min_ndim} dimension{'s' if min_ndim > 1 else ''}"
            f"{' ' + shape_hint if shape_hint else ''}, got {arr.ndim}-D with shape {arr.shape}"
        )
    _check_finite(arr, name, allow_inf)
    if dtype is not None:
        arr = _cast(arr, dtype, name)
    elif arr.dtype.kind != "f" or arr.dtype not in FLOAT_DTYPES:
        arr = _cast(arr, np.float64, name)
    return arr


def check_nonempty(arr: np.ndarray, name: str, axes_names: str = "") -> np.ndarray:
    """Refuse an array with a zero-length axis (M = 0 samples, P = 0 classes …)."""
    if 0 in arr.shape:
        raise ValueError(
            f"{name} must not be empty{' (' + axes_names + ')' if axes_names else ''}, got shape {arr.shape}"
        )
    return arr


def check_range(
    arr: np.ndarray, name: str, low: float | None = None, high: float | None = None, what: str = ""
) -> np.ndarray:
    """Refuse values of ``arr`` outside [low, high], naming the first one and its index."""
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        where = _first_bad(bad)
        lo = "−∞" if low is None else f"{low:g}"
        hi = "∞" if high is None else f"{high:g}"
        what = what or f"values in [{lo}, {hi}]"
        raise ValueError(f"{name} must hold {what}, got {arr[where].item()!r} at index {where}")
    return arr


def require_finite(values, message):
    """Raise ``ValueError`` if ``values`` (an array, a number or a list of arrays) is not all finite.

    For results computed from finite inputs that still overflowed float64: the
    message must name the arguments responsible and what arrived.  ``message``
    is a string, or a function returning one (called only on failure).
    """
    items = values if isinstance(values, (list, tuple)) else [values]
    for v in items:
        if v is not None and not np.all(np.isfinite(v)):
            raise ValueError(message() if callable(message) else message)
    return values


# --- the network's data -----------------------------------------------------------------------------


def check_thetas(thetas) -> list[np.ndarray]:
    """Check that ``thetas`` is a list [Θ_1, …, Θ_L] of matrices whose shapes chain.

    Θ_ℓ must be 2-D with shape (H_ℓ, H_{ℓ−1}); the columns of Θ_ℓ must equal the
    rows of Θ_{ℓ−1}.  All matrices are returned in one common float dtype
    (float32 only if every float matrix is float32).  Never modifies them.
    """
    if isinstance(thetas, np.ndarray) or not isinstance(thetas, (list, tuple)):
        raise TypeError(
            f"thetas must be a list [Θ_1, …, Θ_L] of L matrices (thetas[ℓ-1] is Θ_ℓ), got {describe(thetas)}"
        )
    if len(thetas) == 0:
        raise ValueError("thetas must hold at least one matrix Θ_1 (L ≥ 1), got an empty list")
    raw = [_to_numeric(theta, f"Θ_{ell}", f"(H_{ell}, H_{ell - 1})") for ell, theta in enumerate(thetas, start=1)]
    kinds = [t.dtype for t in raw if t.dtype.kind == "f"]
    common = np.result_type(*kinds) if kinds else np.dtype(np.float64)
    if common not in FLOAT_DTYPES:
        common = np.dtype(np.float64)
    out = []
    for ell, theta in enumerate(raw, start=1):
        hint = f"(H_{ell}, H_{ell - 1})"
        t = as_array(theta, f"Θ_{ell}", ndim=2, shape_hint=hint, dtype=common)
        if 0 in t.shape:
            raise ValueError(f"Θ_{ell} must have shape {hint} with H_{ell} ≥ 1 and H_{ell - 1} ≥ 1, got {t.shape}")
        if out and t.shape[1] != out[-1].shape[0]:
            h_prev = out[-1].shape[0]
            raise ValueError(
                f"Θ_{ell} must have shape (H_{ell}, H_{ell - 1}) = (·, {h_prev}) because Θ_{ell - 1} has "
                f"shape {out[-1].shape}, so H_{ell - 1} = {h_prev}; got {t.shape}"
            )
        out.append(t)
    return out


def check_X(X, thetas: list[np.ndarray], name: str = "X") -> np.ndarray:
    """Check X (M, N) against the network: N must equal H_0, the columns of Θ_1.

    X is converted to the Θ matrices' dtype; float64 values beyond float32's
    range are refused for a float32 network.
    """
    dtype = thetas[0].dtype
    arr = as_array(X, name, ndim=2, shape_hint="(M, N)")
    n0 = thetas[0].shape[1]
    if arr.shape[1] != n0:
        raise ValueError(
            f"{name} must have N = H_0 = {n0} columns, because Θ_1 has shape "
            f"(H_1, H_0) = {thetas[0].shape}; got {name} of shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must have at least one sample (M ≥ 1), got shape {arr.shape}")
    return _cast(arr, dtype, name)


def check_labels(
    labels, name: str = "labels", *, P: int | None = None, M: int | None = None, P_reason: str = ""
) -> np.ndarray:
    """Integer class labels (M,), each in [0, P) (or ≥ 0 when P is None): returned as an int64 array.

    Floats that are whole numbers (2.0) are accepted; booleans are not labels.
    ``P_reason`` says where P comes from (" for P = H_L = 3 outputs").
    """
    range_text = f"in [0, P) = [0, {P})" if P is not None else "≥ 0"
    expected = f"integer class labels {range_text} of shape (M,)"
    arr = _to_numeric(labels, name, what=expected)
    if arr.dtype.kind == "b":
        raise TypeError(f"{name} must be {expected}, got booleans (dtype bool); use .astype(int) if you mean 0/1")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be {expected}, got {arr.ndim}-D with shape {arr.shape}")
    if arr.dtype.kind == "f":
        _check_finite(arr, name)
        frac = arr != np.round(arr)
        if frac.any():
            raise ValueError(
                f"{name} must be {expected}, got non-integer values such as "
                f"{arr[frac][0].item()!r} at index {_first_bad(frac)[0]}"
            )
    if M is not None and arr.shape[0] != M:
        raise ValueError(f"{name} must have one label per sample: M = {M} labels, got {arr.shape[0]}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one label (M ≥ 1), got an empty array")
    bad = arr < 0 if P is None else (arr < 0) | (arr >= P)
    if bad.any():
        i = int(np.argmax(bad))
        value = arr[i].item()
        value = int(value) if float(value).is_integer() else value
        subject = name if "label" in name else f"{name} labels"
        raise ValueError(
            f"{subject} must lie in [0, P) = [0, {P}){P_reason}; got label {value} at index {i}"
            if P is not None
            else f"{subject} must be ≥ 0; got label {value} at index {i}"
        )
    with np.errstate(all="ignore"):
        if arr.dtype.kind == "f" and arr.max() > INT_MAX:
            raise ValueError(f"{name} labels must be integers ≤ {INT_MAX}, got {arr.max().item()!r}")
    return arr.astype(np.int64)


def check_Y(Y, M: int, P: int, dtype=np.float64, name: str = "Y", like: str | None = None) -> np.ndarray:
    """Check the targets: one-hot rows (M, P), or integer labels (M,) in [0, P).

    Integer labels are turned into one-hot rows.  Returns a float array (M, P)
    in ``dtype`` (with ``dtype=None``: one-hot input keeps its float dtype, labels give float64).  ``like`` names where M and P come from when it is not the
    network (e.g. ``"Ŷ"`` for the loss functions).
    """
    expected = "a one-hot array of shape (M, P) or integer labels of shape (M,)"
    arr = _to_numeric(Y, name, what=expected)
    if arr.ndim == 1:
        labels = check_labels(
            arr,
            name,
            P=P,
            M=M,
            P_reason=f" for P = H_L = {P} outputs" if like is None else f" for P = {P} as in {like}",
        )
        out = np.zeros((M, P), dtype=np.float64 if dtype is None else dtype)
        out[np.arange(M), labels] = 1
        return out
    if arr.ndim != 2:
        raise ValueError(f"{name} must be {expected} = ({M}, {P}) or ({M},), got {arr.ndim}-D with shape {arr.shape}")
    arr = as_array(arr, name, ndim=2, shape_hint="(M, P)")
    if arr.shape != (M, P):
        if like is None:
            reason = f"M samples as in X and P = H_L = {P} outputs as in Θ_L"
        else:
            reason = f"the shape of {like}"
        raise ValueError(f"{name} must have shape (M, P) = ({M}, {P}) — {reason} — got {arr.shape}")
    ok = np.all((arr == 0) | (arr == 1), axis=1) & (arr.sum(axis=1) == 1)
    if not ok.all():
        i = int(np.argmin(ok))
        raise ValueError(
            f"{name} rows must be one-hot (one 1, the rest 0); got row {i} = {np.round(arr[i], 4).tolist()}"
        )
    return arr if dtype is None else arr.astype(dtype, copy=False)


def check_targets(Y, name: str = "Y", *, M: int | None = None) -> np.ndarray:
    """Targets on their own (no network to give P): one-hot rows (M, P), or integer labels (M,).

    Returns one-hot input as a float array (its own float dtype) and labels as int64,
    so that a function can hand Y back in the form it was given.
    """
    expected = "a one-hot array of shape (M, P) or integer labels of shape (M,)"
    arr = _to_numeric(Y, name, what=expected)
    if arr.ndim == 1:
        return check_labels(arr, name, M=M)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be {expected}, got {arr.ndim}-D with shape {arr.shape}")
    if 0 in arr.shape:
        raise ValueError(f"{name} must have at least one sample and one class (M ≥ 1, P ≥ 1), got shape {arr.shape}")
    return check_Y(
        arr,
        arr.shape[0] if M is None else M,
        arr.shape[1],
        dtype=None,
        name=name,
        like=f"{name}'s own P columns" if M is None else None,
    )


def check_data(thetas, X, Y, *, X_name: str = "X", Y_name: str = "Y", checked_thetas: bool = False):
    """The network and a dataset together: Θ list, X (M, N = H_0), Y (M, P = H_L) or labels (M,).

    Returns ``(thetas, X, Y)`` with X in the Θ matrices' dtype and Y one-hot in
    that dtype.  ``X_name``/``Y_name`` name the arguments (``"X_test"``, ``"Y_test"``).
    With ``checked_thetas=True``, ``thetas`` is taken as already checked.
    """
    if not checked_thetas:
        thetas = check_thetas(thetas)
    X = check_X(X, thetas, name=X_name)
    Y = check_Y(Y, X.shape[0], thetas[-1].shape[0], dtype=thetas[0].dtype, name=Y_name)
    return thetas, X, Y


def check_grads(grads, thetas) -> list[np.ndarray]:
    """A list [∂E/∂Θ_1, …, ∂E/∂Θ_L], each shaped like its Θ_ℓ."""
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)) or len(grads) != len(thetas):
        raise TypeError(
            f"grads must be a list of L = {len(thetas)} arrays [∂E/∂Θ_1, …, ∂E/∂Θ_L], got {describe(grads)}"
        )
    out = []
    for ell, (g, t) in enumerate(zip(grads, thetas), start=1):
        g = as_array(g, f"∂E/∂Θ_{ell}", dtype=t.dtype)
        if g.shape != t.shape:
            raise ValueError(
                f"∂E/∂Θ_{ell} must have the shape of Θ_{ell}, (H_{ell}, H_{ell - 1}) = {t.shape}; got {g.shape}"
            )
        out.append(g)
    return out


# --- scalars ----------------------------------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_int(value, name: str, *, minimum: int, maximum: int | None = None) -> int:
    """An integer in [minimum, maximum] (epochs, batch size, number of samples …).

    Python and numpy integers are accepted; booleans and floats (even 2.0) are
    not.  ``maximum`` defaults to ``INT_MAX``, so 10**400 is a ValueError.
    """
    top = INT_MAX if maximum is None else maximum
    bounds = f"≥ {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
    if not _is_int(value):
        raise TypeError(f"{name} must be an integer {bounds}, got {describe(value)}")
    value = int(value)
    if value < minimum or value > top:
        shown = _short_repr(value)
        extra = f" (at most {top})" if value > top and maximum is None else ""
        raise ValueError(f"{name} must be an integer {bounds}{extra}, got {shown}")
    return value


def check_seed(seed, name: str = "seed") -> int:
    """A seed for ``numpy.random.default_rng``: an integer in [0, INT_MAX].

    ``None`` is refused on purpose: every result of the book is reproducible,
    and ``default_rng(None)`` would draw fresh entropy each run.  Pick any
    integer; another integer gives another, equally reproducible, run.
    """
    if seed is None:
        raise TypeError(
            f"{name} must be an integer ≥ 0, got None: results here are reproducible by design, "
            f"so pass a number (any, e.g. {name}=0; another number gives another run)"
        )
    return check_int(seed, name, minimum=0)


def check_real(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real number (not a bool) within the given bounds; returned as a float.

    ``low_open``/``high_open`` make a bound strict: ``check_real(x, "α", low=0, low_open=True)``
    is α > 0.
    """
    if low is not None and high is not None:
        bounds = f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low is not None:
        bounds = f"{'>' if low_open else '≥'} {low:g}"
    elif high is not None:
        bounds = f"{'<' if high_open else '≤'} {high:g}"
    else:
        bounds = ""
    expected = f"a real number {bounds}".rstrip()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {describe(value)}")
    try:
        x = float(value)
    except OverflowError:  # an int beyond float64
        raise ValueError(f"{name} must be a finite number {bounds}, got {_short_repr(value)}") from None
    if not np.isfinite(x):
        raise ValueError(f"{name} must be a finite number {bounds}, got {x!r}")
    if (low is not None and (x < low or (low_open and x == low))) or (
        high is not None and (x > high or (high_open and x == high))
    ):
        raise ValueError(f"{name} must be a finite number {bounds}, got {x!r}")
    return x


def check_positive_real(value, name: str, *, symbol: str | None = None, maximum: float | None = None) -> float:
    """A finite real number > 0 (the learning rate α, a step size ε, …), at most ``maximum`` if given."""
    symbol = symbol or name
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{symbol} must be a real number > 0, got {describe(value)}")
    return check_real(value, symbol, low=0, low_open=True, high=maximum)


def check_bool(value, name: str) -> bool:
    """True or False (Python's or numpy's); 0, 1 and other truthy objects are refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def check_choice(value, name: str, choices) -> str:
    """One of a fixed set of strings, e.g. the loss name."""
    listed = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {listed}; got {describe(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def check_callable(value, name: str, signature: str = ""):
    """A function (anything callable); ``signature`` says how it is called, e.g. ``"callback(epoch, history)"``."""
    if not callable(value):
        what = f"a function {signature}" if signature else "a function"
        raise TypeError(f"{name} must be {what}, got {describe(value)}")
    return value


# --- sizes --------------------------------------------------------------------------------------------


def check_int_list(
    values,
    name: str,
    *,
    minimum: int = 1,
    min_length: int = 0,
    max_length: int | None = None,
    item_name=None,
    allow_whole_floats: bool = True,
) -> list[int]:
    """An ordered list or tuple (or 1-D array) of integers ≥ ``minimum``.

    Sets and dicts are refused (a set {3, 4, 2} has no order and would silently
    become [2, 3, 4]); so are strings and generators.  Whole-number floats (2.0)
    are accepted when ``allow_whole_floats``; booleans never.  ``item_name(i)``
    names element i in messages (default ``name[i]``).
    """
    item_name = item_name or (lambda i: f"{name}[{i}]")
    if isinstance(values, (set, frozenset, dict)):
        raise TypeError(
            f"{name} must be {_ORDERED_HINT} of integers in order, got {describe(values)}: "
            f"a {type(values).__name__} has no order"
        )
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise TypeError(f"{name} must be {_ORDERED_HINT} of integers, got {describe(values)}")
        values = values.tolist()
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"{name} must be {_ORDERED_HINT} of integers, got {describe(values)}")
    if len(values) < min_length or (max_length is not None and len(values) > max_length):
        want = (
            f"at least {min_length}"
            if max_length is None
            else f"{min_length}"
            if min_length == max_length
            else f"{min_length} to {max_length}"
        )
        raise ValueError(
            f"{name} must hold {want} integer{'s' if want != '1' else ''}, "
            f"got {len(values)}: {_short_repr(list(values))}"
        )
    out = []
    for i, h in enumerate(values):
        label = item_name(i)
        if not _is_int(h):
            if (
                allow_whole_floats
                and isinstance(h, numbers.Real)
                and not isinstance(h, (bool, np.bool_))
                and np.isfinite(float(h))
                and float(h).is_integer()
            ):
                h = int(h)
            else:
                raise TypeError(f"{label} must be an integer ≥ {minimum}, got {describe(h)}")
        out.append(check_int(h, label, minimum=minimum))
    return out


def check_sizes(sizes) -> list[int]:
    """Layer sizes [H_0 = N, H_1, …, H_L = P]: at least two positive integers, P ≥ 2."""
    if isinstance(sizes, (set, frozenset, dict)):
        raise TypeError(
            f"sizes must be a list [H_0, H_1, …, H_L] of positive integers in layer order, "
            f"got {describe(sizes)}: a {type(sizes).__name__} has no order"
        )
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple, np.ndarray)):
        raise TypeError(f"sizes must be a list [H_0, H_1, …, H_L] of positive integers, got {describe(sizes)}")
    if isinstance(sizes, np.ndarray) and sizes.ndim != 1:
        raise TypeError(f"sizes must be a list [H_0, H_1, …, H_L] of positive integers, got {describe(sizes)}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            "sizes must list at least H_0 = N and H_L = P (L ≥ 1 layer), "
            f"got {len(sizes)} size{'s' if len(sizes) != 1 else ''}: {sizes}"
        )
    out = []
    for ell, h in enumerate(sizes):
        label = f"H_{ell} (sizes[{ell}])"
        if not _is_int(h):
            if (
                isinstance(h, numbers.Real)
                and not isinstance(h, (bool, np.bool_))
                and np.isfinite(float(h))
                and float(h).is_integer()
            ):
                h = int(h)
            else:
                raise TypeError(f"{label} must be a positive integer, got {describe(h)}")
        if h <= 0:
            raise ValueError(f"{label} must be a positive integer, got {h}")
        out.append(check_int(h, label, minimum=1))
    if out[-1] < 2:
        raise ValueError(
            f"H_L = P (sizes[-1]) must be at least 2: a softmax output over one class "
            f"is always 1 and cannot learn; got P = {out[-1]}"
        )
    return out


# --- beyond the article: bias units ---------------------------------------------------------------------


def check_biases(biases, thetas: list[np.ndarray]) -> list[np.ndarray] | None:
    """``None`` (no bias, the article's network) or a list [b_1, …, b_L], b_ℓ of shape (H_ℓ,).

    H_ℓ is read off Θ_ℓ (its row count).  Returned in the Θ matrices' dtype; never modified.
    """
    if biases is None:
        return None
    L = len(thetas)
    if isinstance(biases, np.ndarray) or not isinstance(biases, (list, tuple)):
        raise TypeError(
            f"biases must be None (no bias) or a list [b_1, …, b_L] of L = {L} vectors "
            f"(biases[ℓ-1] is b_ℓ), got {describe(biases)}"
        )
    if len(biases) != L:
        raise ValueError(
            f"biases must hold one vector b_ℓ per layer, L = {L} because thetas has {L} matrices; got {len(biases)}"
        )
    out = []
    for ell, (b, t) in enumerate(zip(biases, thetas), start=1):
        h = t.shape[0]
        b = as_array(b, f"b_{ell}", ndim=1, shape_hint=f"(H_{ell},) = ({h},)", dtype=t.dtype)
        if b.shape != (h,):
            raise ValueError(
                f"b_{ell} must have shape (H_{ell},) = ({h},) because Θ_{ell} has shape {t.shape}; got {b.shape}"
            )
        out.append(b)
    return out


def check_nonnegative_real(value, name: str, *, symbol: str | None = None) -> float:
    """A finite real number ≥ 0 (the weight decay λ, …)."""
    symbol = symbol or name
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{symbol} must be a real number ≥ 0, got {describe(value)}")
    return check_real(value, symbol, low=0)
