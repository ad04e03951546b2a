"""Loads the cached features (written by embed-texts.ts and extract-audio.ts) into tensors."""
import json
import os
import numpy as np
import torch

from model import AUDIO_SIZE


def f32(path, width):
    return torch.from_numpy(np.fromfile(path, dtype=np.float32).reshape(-1, width).copy())


class Features:
    """The text side of one text tower: `text_dir` is that tower's cache folder (train.py text_dir), whose
    text-tower.json (written by embed-texts.ts) says which tower made the vectors and their shapes."""

    def __init__(self, text_dir):
        self.work = text_dir
        self.tower = json.load(open(os.path.join(text_dir, 'text-tower.json')))
        d, layers = self.tower['dim'], self.tower['layers']
        self.texts = json.load(open(os.path.join(text_dir, 'texts.json')))
        self.text_index = {t: i for i, t in enumerate(self.texts)}
        self.sentence = f32(os.path.join(text_dir, 'text-sentence.f32'), d)
        self.layers = f32(os.path.join(text_dir, 'text-layers.f32'), layers * d)
        self.labels = f32(os.path.join(text_dir, 'labels-audioset.f32'), d)
        self.ucs_labels = f32(os.path.join(text_dir, 'labels-ucs.f32'), d)
        self.label_names = json.load(open(os.path.join(text_dir, 'labels.json')))
        if self.sentence.shape[0] != len(self.texts) or self.layers.shape[0] != len(self.texts):
            raise ValueError(f'{text_dir}: {len(self.texts)} texts but {self.sentence.shape[0]} sentence rows')

    def text(self, strings):
        idx = torch.tensor([self.text_index[s] for s in strings])
        return self.sentence[idx], self.layers[idx]


def load_audio(prefix):
    audio = f32(prefix + '.f32', AUDIO_SIZE)
    ok = torch.tensor(json.load(open(prefix + '.ok.json')))
    return audio, ok
