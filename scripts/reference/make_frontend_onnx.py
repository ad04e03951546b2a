#!/usr/bin/python3
"""Build Hark's audio front-end as a small ONNX graph (for GPU execution providers) and write it into src-main/ml as base64.

The graph reproduces EfficientAT's eval-mode preprocessing (AugmentMelSTFT without augmentation):
  32 kHz mono -> pre-emphasis y[n] = x[n+1] - 0.97 x[n] -> reflect-pad 512 each side (torch.stft center=True)
  -> STFT n_fft 1024, hop 320, Hann(800, periodic=False) centred in 1024 zeros -> power spectrum (513 bins)
  -> 128 Kaldi mel banks 0..15 kHz (torchaudio.compliance.kaldi.get_mel_banks, zero 513th column)
  -> log(x + 1e-5) -> (x + 4.5) / 5.
Input  `audio` float32 [B, N]; output `spec` float32 [B, 1, 128, T] with T = 1 + (N - 1) // 320,
ready for the mn04 encoder (N = 320000 for a 10 s window gives T = 1000).

On the CPU Hark runs the same front-end in TypeScript with a real FFT (src-main/ml/log-mel.ts): the convolution
below is a plain DFT, cheap on a GPU, not on two CPU cores.

Why no big constants: the DFT kernels (960 x 800) and the 128 x 480 mel matrix are computed by ops inside the
graph (HannWindow, Range, Mod, Cos, Sin, Log, Min, Max). ONNX Runtime folds them into constants when it loads the
session, so the committed graph stays a few kilobytes instead of 3 MB of weights.

Run with Debian's python3-onnx:  /usr/bin/python3 scripts/reference/make_frontend_onnx.py
"""
import base64
import math
import os
import sys

import onnx
from onnx import TensorProto, helper

SAMPLE_RATE = 32000
N_FFT = 1024
WIN_LENGTH = 800
HOP = 320
N_MELS = 128
F_MIN = 0.0
F_MAX = 15000.0
PREEMPHASIS = 0.97
LOG_OFFSET = 1e-5
NORM_SHIFT = 4.5
NORM_SCALE = 5.0
OPSET = 17  # HannWindow arrived in opset 17


def highest_weighted_bin():
    """Bins above the last one any mel band weighs are never needed (bin 479 for 0..15 kHz at 32 kHz / 1024)."""
    mel = lambda f: 1127.0 * math.log(1.0 + f / 700.0)
    top = mel(F_MIN) + (N_MELS + 1) * (mel(F_MAX) - mel(F_MIN)) / (N_MELS + 1)
    return max(k for k in range(N_FFT // 2) if mel(k * SAMPLE_RATE / N_FFT) < top)


BINS = highest_weighted_bin() + 1

nodes = []
initializers = []


def const(name, values, dtype=TensorProto.FLOAT, dims=None):
    """A small named constant (scalars and short shape vectors only)."""
    if dims is None:
        dims = [] if not isinstance(values, list) else [len(values)]
    vals = values if isinstance(values, list) else [values]
    initializers.append(helper.make_tensor(name, dtype, dims, vals))
    return name


def node(op, inputs, output, **attrs):
    nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
    return output


def kaldi_mel(freq_tensor, prefix):
    """1127 * ln(1 + f / 700), Kaldi's mel scale, as graph ops."""
    ratio = node('Div', [freq_tensor, const(prefix + '_700', 700.0)], prefix + '_ratio')
    one_plus = node('Add', [ratio, const(prefix + '_one', 1.0)], prefix + '_one_plus')
    log = node('Log', [one_plus], prefix + '_log')
    return node('Mul', [log, const(prefix + '_1127', 1127.0)], prefix + '_mel')


# ---- pre-emphasis: y[n] = x[n+1] - 0.97 x[n], length N - 1 -------------------------------------------------
axis1 = const('axis1', [1], TensorProto.INT64)
head = node('Slice', ['audio', const('from0', [0], TensorProto.INT64), const('to_last', [-1], TensorProto.INT64), axis1], 'x_head')
tail = node('Slice', ['audio', const('from1', [1], TensorProto.INT64), const('to_end', [2**62], TensorProto.INT64), axis1], 'x_tail')
scaled_head = node('Mul', [head, const('preemphasis', PREEMPHASIS)], 'x_head_scaled')
emphasised = node('Sub', [tail, scaled_head], 'emphasised')

# ---- centre the frames as torch.stft(center=True): reflect-pad n_fft // 2 on both ends -----------------------
half = N_FFT // 2
padded = node('Pad', [emphasised, const('center_pads', [0, half, 0, half], TensorProto.INT64)], 'centred', mode='reflect')
# The Hann window covers only samples 112..911 of each 1024-sample frame: drop the 112 samples at both ends that
# only ever meet zero weights, so an 800-tap convolution with stride 320 yields exactly torch's T frames.
side = (N_FFT - WIN_LENGTH) // 2
trimmed = node('Slice', [padded, const('trim_from', [side], TensorProto.INT64), const('trim_to', [-side], TensorProto.INT64), axis1], 'trimmed')
signal = node('Unsqueeze', [trimmed, axis1], 'signal')  # [B, 1, L]

# ---- windowed DFT as a convolution with cos / sin kernels [2 * BINS, 1, 800] ------------------------------------
# ONNX Runtime's STFT runs on the CPU only and slowly (about 20 us a frame); a Conv runs on every execution provider.
# Kernels are computed in-graph and folded to constants at load. Phase index k * n is reduced modulo 1024 in
# integers first, so cos/sin see angles below 2 pi and keep float32 accuracy.
hann = node('HannWindow', [const('win_length', WIN_LENGTH, TensorProto.INT32)], 'hann', periodic=0, output_datatype=TensorProto.FLOAT)
bins = node('Unsqueeze', [node('Range', [const('k0', 0, TensorProto.INT64), const('k_end', BINS, TensorProto.INT64), const('k1', 1, TensorProto.INT64)], 'k_range'), const('axis1k', [1], TensorProto.INT64)], 'k_col')  # [BINS, 1]
taps = node('Unsqueeze', [node('Range', [const('n0', side, TensorProto.INT64), const('n_end', side + WIN_LENGTH, TensorProto.INT64), const('n1', 1, TensorProto.INT64)], 'n_range'), const('axis0n', [0], TensorProto.INT64)], 'n_row')  # [1, 800]: positions in the 1024 frame
phase_index = node('Mod', [node('Mul', [bins, taps], 'kn'), const('n_fft_i', N_FFT, TensorProto.INT64)], 'kn_mod')
angle = node('Mul', [node('Cast', [phase_index], 'kn_float', to=TensorProto.FLOAT), const('two_pi_over_n', 2 * math.pi / N_FFT)], 'angle')
cos_k = node('Mul', [node('Cos', [angle], 'cos'), hann], 'cos_windowed')
sin_k = node('Mul', [node('Sin', [angle], 'sin'), hann], 'sin_windowed')
kernels = node('Unsqueeze', [node('Concat', [cos_k, sin_k], 'cos_sin', axis=0), axis1], 'dft_kernels')  # [2*BINS, 1, 800]
spectrum = node('Conv', [signal, kernels], 'spectrum', strides=[HOP], kernel_shape=[WIN_LENGTH])  # [B, 2*BINS, T]
squared = node('Mul', [spectrum, spectrum], 'squared')
re2 = node('Slice', [squared, const('re_from', [0], TensorProto.INT64), const('re_to', [BINS], TensorProto.INT64), axis1], 're2')
im2 = node('Slice', [squared, const('im_from', [BINS], TensorProto.INT64), const('im_to', [2 * BINS], TensorProto.INT64), axis1], 'im2')
power = node('Add', [re2, im2], 'power')  # [B, BINS, T]

# ---- Kaldi mel banks [128, BINS], computed in-graph as torchaudio.compliance.kaldi.get_mel_banks ---------------
bin_width = SAMPLE_RATE / N_FFT
mel_low = 1127.0 * math.log(1.0 + F_MIN / 700.0)
mel_high = 1127.0 * math.log(1.0 + F_MAX / 700.0)
mel_delta = (mel_high - mel_low) / (N_MELS + 1)
fft_index = node('Range', [const('r0', 0.0), const('r_fft_end', float(BINS)), const('r1', 1.0)], 'fft_index')  # [BINS]
fft_freq = node('Mul', [fft_index, const('bin_width', bin_width)], 'fft_freq')
fft_mel = node('Unsqueeze', [kaldi_mel(fft_freq, 'fft'), const('axis0', [0], TensorProto.INT64)], 'fft_mel_row')  # [1, BINS]
band = node('Range', [const('b0', 0.0), const('b_end', float(N_MELS)), const('b1', 1.0)], 'band_index')  # [128]
band_col = node('Unsqueeze', [band, const('axis1b', [1], TensorProto.INT64)], 'band_col')  # [128, 1]
band_delta = node('Mul', [band_col, const('mel_delta', mel_delta)], 'band_delta')
left = node('Add', [band_delta, const('mel_low', mel_low)], 'left_mel')
center = node('Add', [band_delta, const('mel_center0', mel_low + mel_delta)], 'center_mel')
right = node('Add', [band_delta, const('mel_right0', mel_low + 2 * mel_delta)], 'right_mel')
up = node('Div', [node('Sub', [fft_mel, left], 'up_num'), node('Sub', [center, left], 'up_den')], 'up_slope')
down = node('Div', [node('Sub', [right, fft_mel], 'down_num'), node('Sub', [right, center], 'down_den')], 'down_slope')
banks = node('Max', [const('zero', 0.0), node('Min', [up, down], 'tri_min')], 'mel_banks')  # [128, BINS]

# ---- mel, log, normalise, [B, 1, 128, T] for the encoder -----------------------------------------------------
mel = node('MatMul', [banks, power], 'mel')  # [B, 128, T]
log_mel = node('Log', [node('Add', [mel, const('log_offset', LOG_OFFSET)], 'mel_offset')], 'log_mel')
shifted = node('Add', [log_mel, const('norm_shift', NORM_SHIFT)], 'shifted')
normalised = node('Div', [shifted, const('norm_scale', NORM_SCALE)], 'normalised')
node('Unsqueeze', [normalised, const('axis_channel', [1], TensorProto.INT64)], 'spec')

frontend_graph = helper.make_graph(
    nodes,
    'hark_efficientat_frontend',
    [helper.make_tensor_value_info('audio', TensorProto.FLOAT, ['batch', 'samples'])],
    [helper.make_tensor_value_info('spec', TensorProto.FLOAT, ['batch', 1, N_MELS, 'frames'])],
    initializers,
)


def serialise(graph):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='hark')
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def as_ts_string(data):
    encoded = base64.b64encode(data).decode('ascii')
    lines = [encoded[i:i + 100] for i in range(0, len(encoded), 100)]
    return '\n'.join("  '" + line + "' +" for line in lines)[:-2] + ';\n'


frontend_nodes = len(nodes)
frontend_data = serialise(frontend_graph)
here = os.path.dirname(os.path.abspath(__file__))
target = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(here, '..', '..', 'src-main', 'ml', 'frontend-graph.generated.ts'))
with open(target, 'w') as out:
    out.write('// Generated by scripts/reference/make_frontend_onnx.py: do not edit by hand, rerun the script.\n\n')
    out.write('/** The whole EfficientAT eval-mode front-end (for GPU providers): audio [B, N] -> spec [B, 1, 128, T]. */\n')
    out.write('export const FRONTEND_ONNX_BASE64 =\n' + as_ts_string(frontend_data))
print(f'wrote {target}: front-end graph {len(frontend_data)} bytes, {frontend_nodes} nodes, {BINS} frequency bins')
