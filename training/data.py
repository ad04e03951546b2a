"""Loads the cached features (written by embed-texts.ts and extract-audio.ts) into tensors."""
import json
import os
import numpy as np
import torch

from model import AUDIO_SIZE


def f32(path, width):
    return torch.from_numpy(np.fromfile(path, dtype=np.float32).reshape(-1, width).copy())


class Features:
    def __init__(self, work):
        self.work = work
        self.texts = json.load(open(os.path.join(work, 'texts.json')))
        self.text_index = {t: i for i, t in enumerate(self.texts)}
        self.sentence = f32(os.path.join(work, 'text-sentence.f32'), 512)
        self.layers = f32(os.path.join(work, 'text-layers.f32'), 1024)
        self.labels = f32(os.path.join(work, 'labels-audioset.f32'), 512)
        self.ucs_labels = f32(os.path.join(work, 'labels-ucs.f32'), 512)
        self.label_names = json.load(open(os.path.join(work, 'labels.json')))

    def text(self, strings):
        idx = torch.tensor([self.text_index[s] for s in strings])
        return self.sentence[idx], self.layers[idx]


def load_audio(prefix):
    audio = f32(prefix + '.f32', AUDIO_SIZE)
    ok = torch.tensor(json.load(open(prefix + '.ok.json')))
    return audio, ok
