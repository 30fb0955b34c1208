#!/usr/bin/env python3
"""Writes the MNIST subset committed under tests/data/mnist: the first 2,000 training and first 500 test
examples of the canonical IDX files, gzipped. Provenance for the committed files; not needed to run tests.
Usage: scripts/make-test-subset.py <dir with the four raw or .gz MNIST IDX files> [out dir]"""
import gzip, os, struct, sys

src = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "tests", "data", "mnist")
os.makedirs(out, exist_ok=True)

def read(stem):
    for name, opener in ((stem, open), (stem + ".gz", gzip.open)):
        p = os.path.join(src, name)
        if os.path.exists(p):
            with opener(p, "rb") as f:
                return f.read()
    sys.exit(f"missing {stem} in {src}")

for stem, n in (("train-images-idx3-ubyte", 2000), ("train-labels-idx1-ubyte", 2000),
                ("t10k-images-idx3-ubyte", 500), ("t10k-labels-idx1-ubyte", 500)):
    data = read(stem)
    rank = data[3]
    dims = list(struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank]))
    item = 1
    for d in dims[1:]:
        item *= d
    dims[0] = n
    body = data[4 + 4 * rank: 4 + 4 * rank + n * item]
    # mtime=0 keeps the .gz bytes reproducible.
    with gzip.GzipFile(os.path.join(out, stem + ".gz"), "wb", compresslevel=9, mtime=0) as f:
        f.write(data[:4] + struct.pack(">" + "i" * rank, *dims) + body)
    print(stem, dims)
