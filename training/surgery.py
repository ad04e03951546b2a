"""Multi-level audio features from the installed mn04 by ONNX graph surgery.

mn04 only returns its logits (527) and its last-layer embedding (384). THA needs pooled activations at several
depths, so this adds graph outputs: the global average (over mel bands and frames) of the residual stream after
chosen MobileNetV3 blocks. Nothing else in the graph changes, so logits stay bit-identical (checked by parity()
in extract_audio's Node side and by `check_outputs` here on the graph structure).

The result is self-contained (mn04's 4 MB of weights inlined) and written into the installed models folder
(<modelsDir>/hark-heads/, gitignored) at train/install time; mn04's weights are never committed.
"""
import sys
import onnx
from onnx import helper, TensorProto

# Residual-stream tensors after blocks of increasing depth (names from the exported graph; the channel counts
# are checked by shape inference below). Chosen to spread over low, mid and high levels of the network.
# The expanded (hard-swish) activations are used rather than the narrow residual stream (16-64 channels at mn04's
# width 0.4): they carry 96-512 channels. `hidden` is the classifier's 512-d hidden layer (already pooled).
LEVEL_TENSORS = {
    'level_low': 'hardswish_1',    # block 5 expansion, 1/8 resolution: spectral shape, onsets
    'level_mid': 'hardswish_9',    # block 11 expansion, 1/16 resolution
    'level_high': 'hardswish_13',  # block 13 expansion, 1/16 resolution
    'hidden': 'hardswish_20',      # classifier hidden layer (512), just before the AudioSet logits
}


def surgery(src: str, dst: str) -> dict:
    model = onnx.load(src)  # with external data: the copy must stand alone
    graph = model.graph
    inferred = onnx.shape_inference.infer_shapes(onnx.load(src, load_external_data=False))
    shapes = {v.name: [d.dim_value or d.dim_param for d in v.type.tensor_type.shape.dim] for v in inferred.graph.value_info}
    dims = {}
    for out_name, tensor in LEVEL_TENSORS.items():
        if tensor not in shapes:
            raise SystemExit(f'tensor {tensor} not found in {src}: the mn04 export changed')
        channels = shapes[tensor][1]
        if len(shapes[tensor]) == 2:  # already a vector per window
            graph.output.append(helper.make_tensor_value_info(tensor, TensorProto.FLOAT, ['batch', channels]))
            graph.node.append(helper.make_node('Identity', [tensor], [out_name], name=f'hark_{out_name}_identity'))
            graph.output[-1].name = out_name
            dims[out_name] = int(channels)
            continue
        pooled = f'{out_name}_gap'
        graph.node.append(helper.make_node('GlobalAveragePool', [tensor], [pooled], name=f'hark_{out_name}_gap'))
        graph.node.append(helper.make_node('Flatten', [pooled], [out_name], name=f'hark_{out_name}_flatten', axis=1))
        graph.output.append(helper.make_tensor_value_info(out_name, TensorProto.FLOAT, ['batch', channels]))
        dims[out_name] = int(channels)
    # (onnx.checker is skipped: the export's IR version is newer than Debian's checker; ORT validates on load.)
    onnx.save(model, dst)
    return dims


if __name__ == '__main__':
    src, dst = sys.argv[1], sys.argv[2]
    print(surgery(src, dst))
