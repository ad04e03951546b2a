"""The PyTorch forward of an exported text tower, for the parity test: reads {"ids": [[...]], "mask": [[...]]} on
stdin, runs bert.py's model with the weights inside OUT_DIR/text-tower.onnx, prints {"sentence", "blocks"}.

    python3 training/text_tower/reference.py MODEL_DIR < batch.json
"""
import json
import os
import sys

import onnx
from onnx import numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import Bert  # noqa: E402


def load(model_dir: str) -> Bert:
    graph = onnx.load(os.path.join(model_dir, 'text-tower.onnx')).graph
    state = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    vocab, dim = state['words.weight'].shape
    layers = sum(1 for name in state if name.endswith('.qkv.weight'))
    hidden = state['blocks.0.ffn_in.weight'].shape[0]
    config = json.load(open(os.path.join(model_dir, 'config.json')))
    model = Bert(vocab, dim, layers, config['num_attention_heads'], hidden, state['positions.weight'].shape[0],
                 config['layer_norm_eps'])
    model.load_state_dict({k: v for k, v in state.items() if k in model.state_dict()})
    return model.eval()


def main():
    batch = json.load(sys.stdin)
    model = load(sys.argv[1])
    with torch.no_grad():
        sentence, blocks = model(torch.tensor(batch['ids']), torch.tensor(batch['mask']))
    json.dump({'sentence': sentence.tolist(), 'blocks': blocks.tolist()}, sys.stdout)


if __name__ == '__main__':
    main()
