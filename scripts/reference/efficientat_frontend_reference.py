#!/usr/bin/python3
"""Independent reference for Hark's audio front-end: EfficientAT's eval-mode log-mel, written with torch + numpy.

Mirrors EfficientAT's AugmentMelSTFT.forward in eval mode (no frequency or time augmentation):
  pre-emphasis as conv1d with kernel [-0.97, 1]; torch.stft(n_fft=1024, hop=320, win_length=800,
  window=torch.hann_window(800, periodic=False), center=True, pad_mode='reflect'); power; 128 Kaldi mel banks
  0..15 kHz padded with a zero Nyquist column; log(x + 1e-5); (x + 4.5) / 5.
The Kaldi mel banks are rewritten here in numpy from torchaudio.compliance.kaldi.get_mel_banks' definition,
because torchaudio is not a dependency Hark's CI can count on.

Usage: efficientat_frontend_reference.py IN.f32 OUT.f32 [IN.f32 OUT.f32 ...]
  IN  raw little-endian float32 mono samples at 32 kHz (e.g. sox ... -t f32 -r 32000 -c 1 IN.f32)
  OUT raw float32 log-mel, row-major [128, T]; prints "128 T" per pair on stdout.
"""
import sys

import numpy as np
import torch

SAMPLE_RATE = 32000
N_FFT = 1024
WIN_LENGTH = 800
HOP = 320
N_MELS = 128
F_MIN = 0.0
F_MAX = 15000.0  # EfficientAT: sr // 2 - fmax_aug_range // 2 with fmax_aug_range = 2000


def kaldi_mel(freq):
    return 1127.0 * np.log(1.0 + np.asarray(freq, dtype=np.float64) / 700.0)


def kaldi_mel_banks(num_bins, window_length_padded, sample_freq, low_freq, high_freq):
    """Triangular filters equally spaced on Kaldi's mel scale, [num_bins, window_length_padded // 2] (no VTLN)."""
    num_fft_bins = window_length_padded // 2
    fft_bin_width = sample_freq / window_length_padded
    mel_low, mel_high = kaldi_mel(low_freq), kaldi_mel(high_freq)
    delta = (mel_high - mel_low) / (num_bins + 1)
    band = np.arange(num_bins, dtype=np.float64)[:, None]
    left = mel_low + band * delta
    center = mel_low + (band + 1.0) * delta
    right = mel_low + (band + 2.0) * delta
    mel = kaldi_mel(fft_bin_width * np.arange(num_fft_bins, dtype=np.float64))[None, :]
    up = (mel - left) / (center - left)
    down = (right - mel) / (right - center)
    return np.maximum(0.0, np.minimum(up, down))


def log_mel(samples):
    x = torch.from_numpy(samples.astype(np.float32))[None, :]
    kernel = torch.tensor([[[-0.97, 1.0]]])
    x = torch.nn.functional.conv1d(x.unsqueeze(1), kernel).squeeze(1)
    window = torch.hann_window(WIN_LENGTH, periodic=False)
    spec = torch.stft(x, N_FFT, hop_length=HOP, win_length=WIN_LENGTH, window=window, center=True,
                      pad_mode='reflect', normalized=False, return_complex=True)
    power = spec.real ** 2 + spec.imag ** 2  # [1, 513, T]
    banks = kaldi_mel_banks(N_MELS, N_FFT, SAMPLE_RATE, F_MIN, F_MAX)
    banks = np.pad(banks, ((0, 0), (0, 1)))  # zero weight for the Nyquist bin, as EfficientAT
    mel = torch.matmul(torch.from_numpy(banks.astype(np.float32)), power)
    mel = torch.log(mel + 1e-5)
    return ((mel + 4.5) / 5.0)[0].numpy()


def main():
    paths = sys.argv[1:]
    if not paths or len(paths) % 2:
        sys.exit(__doc__)
    for source, target in zip(paths[0::2], paths[1::2]):
        out = log_mel(np.fromfile(source, dtype='<f4')).astype('<f4')
        out.tofile(target)
        print(out.shape[0], out.shape[1])


if __name__ == '__main__':
    main()
