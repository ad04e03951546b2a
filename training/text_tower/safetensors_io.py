"""Reads a .safetensors file (8-byte little-endian header length, JSON header, raw little-endian tensors) into numpy
arrays, so the build needs no extra package."""
import json
import struct
import numpy as np

DTYPES = {'F32': np.float32, 'F16': np.float16, 'I64': np.int64, 'I32': np.int32}


def read_safetensors(path: str) -> dict:
    with open(path, 'rb') as f:
        (length,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        start, end = info['data_offsets']
        array = np.frombuffer(data[start:end], dtype=DTYPES[info['dtype']]).reshape(info['shape'])
        out[name] = array.astype(np.float32) if array.dtype == np.float16 else array
    return out
