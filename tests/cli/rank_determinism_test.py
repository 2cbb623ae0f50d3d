#!/usr/bin/python3
"""`moce demo` under 1, 2 and 3 MPI ranks writes identical datasets (h5py comparison of every
dataset, NaN-aware); only the creation-time attributes (ranks, created) may differ."""
import os, subprocess, sys, tempfile
import h5py
import numpy as np

moce, mpiexec = sys.argv[1], sys.argv[2]

def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out

with tempfile.TemporaryDirectory() as d:
    files = {}
    for n in (1, 2, 3):
        path = os.path.join(d, f"r{n}.h5")
        cmd = [mpiexec, "--oversubscribe", "-n", str(n), moce, "demo", "--out", path,
               "--sessions-per-incident", "2001", "--incidents", "3", "--seed", "5"]
        subprocess.run(cmd, check=True, timeout=120)
        files[n] = h5py.File(path, "r")
        assert files[n].attrs["ranks"] == n
    ref = datasets(files[1])
    assert len(ref) > 20, len(ref)
    for n in (2, 3):
        other = datasets(files[n])
        assert ref.keys() == other.keys(), (n, set(ref) ^ set(other))
        for k, v in ref.items():
            w = other[k]
            if v.dtype.kind == "f":
                assert np.array_equal(v, w, equal_nan=True), (n, k)
            else:
                assert np.array_equal(v, w), (n, k)
print("1 passed, 0 failed")
