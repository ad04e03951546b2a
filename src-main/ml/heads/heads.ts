// The trained retrieval heads (training/: THA + DCR/CA + DiffATR) served through ONNX Runtime. Four graphs from
// <modelsDir>/hark-heads/ (written by `npm run train`). The text side's shapes are the text tower's (heads.json
// textLevels: each of its blocks, the sentence, the class distribution; J levels in all), read from the manifest,
// not fixed here, since the heads are trained on whichever tower the app runs.
//   text_head   query levels -> zt (J x 256 per-level codes), et (512 joint = 8 factors x 64), classes (527)
//   audio_head  per-file levels (AUDIO_LEVELS_SIZE) -> za (6 x 256), ea (512 joint), probs (527)
//   scorer      one query x N files -> score, per-factor similarity and confidence, THA pair similarities
//   denoiser    one DDIM step of DiffATR over a query's top 32 (the loop is here, in ddim.ts)

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { modelsDir } from '../models-dir';
import { AUDIO_LEVELS_SIZE } from './audio-levels';

export const HEADS_ID = 'hark-heads';
export const JOINT_DIM = 512;
const CODE_DIM = 256;
export const AUDIO_CODES_SIZE = 6 * CODE_DIM;
const AUDIO_CODES = 6;
export const CLASSES = 527;

export interface HeadsManifest {
  id: string;
  /** The text tower the heads were trained on (text-encoder.ts TEXT_TOWERS id); absent in heads made before MiniLM: USE-lite. */
  textTower?: string;
  audioLevels: { name: string; dim: number }[];
  /** The text head's inputs, in order: the tower's blocks (layer_0 ...), then sentence, then classes. */
  textLevels: { name: string; dim: number }[];
  pairs: string[];
  pairWeights: number[];
  factors: { name: string; concepts: string[] }[];
  /** The match strength below which a query has no good match (training/evaluate.py no_match_floor). */
  noMatch?: { strengthFloor: number; validationCaptions: number; flaggedShare: number };
  diffatr: {
    candidates: number;
    ddimSteps: number;
    timesteps: number;
    noise: number[];
    oodThreshold: number;
    oodAurocValidation: number;
  };
  files: { path: string; sha256: string; size: number }[];
  /** Seeded random weights from training/fixture.py (tests), not trained heads. */
  fixture?: boolean;
}

/** The library side, computed once per file set (at load, or after the analysis pass adds files). */
export interface EncodedAudio {
  count: number;
  /** count x 6 x 256 */
  za: Float32Array;
  /** count x 512: the pooled joint embedding (what an ANN index holds) */
  ea: Float32Array;
  /** count x 527 */
  probs: Float32Array;
}

export interface EncodedQuery {
  /** textLevels x 256 */
  zt: Float32Array;
  /** 512 */
  et: Float32Array;
  /** 527: the query's distribution over AudioSet classes (the label bridge's view) */
  classes: Float32Array;
}

export interface ScoredFiles {
  /** Same order as the indices asked for. */
  score: Float32Array;
  /** indices.length x factors */
  factorSims: Float32Array;
  factorConf: Float32Array;
  /** indices.length x pairs: THA similarity per (audio level, text level) pair */
  pairSims: Float32Array;
}

export interface RetrievalHeads {
  readonly manifest: HeadsManifest;
  readonly factorCount: number;
  encodeAudio(levels: Float32Array, count: number): Promise<EncodedAudio>;
  /** sentence (the tower's dim) and layers (its blocks x dim): a query's TextLevels from the sentence encoder. */
  encodeQuery(sentence: Float32Array, layers: Float32Array): Promise<EncodedQuery>;
  score(query: EncodedQuery, audio: EncodedAudio, indices: number[]): Promise<ScoredFiles>;
  /** One denoiser call: x_t (candidates), timestep, query joint embedding, candidates' joint embeddings. */
  denoise(
    xt: Float32Array,
    t: number,
    queryEmbedding: Float32Array,
    candidateEmbeddings: Float32Array,
  ): Promise<Float32Array>;
  close(): Promise<void>;
}

/** `HARK_HEADS_DIR` if set (tests point it at training/fixture.py's output), else `<models>/hark-heads`. */
export function headsDir(dir: string = modelsDir()): string {
  return process.env.HARK_HEADS_DIR ? resolve(process.env.HARK_HEADS_DIR) : join(dir, HEADS_ID);
}

export function readHeadsManifest(dir: string = headsDir()): HeadsManifest {
  return JSON.parse(readFileSync(join(dir, 'heads.json'), 'utf-8')) as HeadsManifest;
}

/** Opens the heads from `<modelsDir>/hark-heads/` (or `dir`). Throws if `npm run train` has not produced them. */
export async function loadHeads(options: { dir?: string; threads?: number } = {}): Promise<RetrievalHeads> {
  const dir = options.dir ?? headsDir();
  const manifest = readHeadsManifest(dir);
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: Math.max(1, options.threads ?? 1),
    graphOptimizationLevel: 'all',
  };
  const open = (name: string) => ort.InferenceSession.create(join(dir, name), sessionOptions);
  const [text, audio, scorer, denoiser] = await Promise.all(
    ['text_head.onnx', 'audio_head.onnx', 'scorer.onnx', 'denoiser.onnx'].map(open),
  );
  return new OnnxHeads(manifest, text!, audio!, scorer!, denoiser!);
}

const tensor = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);

/** What the text head takes and gives, from the manifest's textLevels. */
export interface TextShapes {
  sentence: number;
  /** All blocks' pooled outputs together (blocks x dim). */
  layers: number;
  /** Per-level codes of a query (zt rows): every text level, classes included. */
  codes: number;
}

export function textShapes(manifest: Pick<HeadsManifest, 'textLevels'>): TextShapes {
  const levels = manifest.textLevels;
  const sentence = levels.find((level) => level.name === 'sentence');
  const blocks = levels.filter((level) => /^layer_\d+$/.test(level.name));
  if (!sentence || blocks.length === 0 || !levels.some((level) => level.name === 'classes'))
    throw new Error('heads.json: textLevels must list layer_0.., sentence and classes');
  return { sentence: sentence.dim, layers: blocks.reduce((sum, b) => sum + b.dim, 0), codes: levels.length };
}

/** The audio side alone (what the analysis pass needs per file): levels -> za, ea, probs. */
export interface AudioHead {
  encode(levels: Float32Array, count: number): Promise<EncodedAudio>;
  close(): Promise<void>;
}

export async function openAudioHead(dir: string = headsDir(), threads = 1): Promise<AudioHead> {
  const session = await ort.InferenceSession.create(join(dir, 'audio_head.onnx'), {
    intraOpNumThreads: Math.max(1, threads),
    graphOptimizationLevel: 'all',
  });
  return { encode: (levels, count) => encodeAudioWith(session, levels, count), close: () => session.release() };
}

async function encodeAudioWith(
  session: ort.InferenceSession,
  levels: Float32Array,
  count: number,
): Promise<EncodedAudio> {
  if (levels.length !== count * AUDIO_LEVELS_SIZE)
    throw new RangeError(`expected ${count} x ${AUDIO_LEVELS_SIZE} levels`);
  const za = new Float32Array(count * AUDIO_CODES * CODE_DIM);
  const ea = new Float32Array(count * JOINT_DIM);
  const probs = new Float32Array(count * CLASSES);
  // Batches bound the memory of the intermediate activations on big libraries.
  const batch = 1024;
  for (let first = 0; first < count; first += batch) {
    const n = Math.min(batch, count - first);
    const out = await session.run({
      levels: tensor(levels.subarray(first * AUDIO_LEVELS_SIZE, (first + n) * AUDIO_LEVELS_SIZE), [
        n,
        AUDIO_LEVELS_SIZE,
      ]),
    });
    za.set(out.za!.data as Float32Array, first * AUDIO_CODES * CODE_DIM);
    ea.set(out.ea!.data as Float32Array, first * JOINT_DIM);
    probs.set(out.probs!.data as Float32Array, first * CLASSES);
  }
  return { count, za, ea, probs };
}

class OnnxHeads implements RetrievalHeads {
  readonly factorCount: number;
  private readonly textShape: TextShapes;

  constructor(
    readonly manifest: HeadsManifest,
    private readonly text: ort.InferenceSession,
    private readonly audio: ort.InferenceSession,
    private readonly scorer: ort.InferenceSession,
    private readonly denoiser: ort.InferenceSession,
  ) {
    this.factorCount = manifest.factors.length;
    this.textShape = textShapes(manifest);
  }

  encodeAudio(levels: Float32Array, count: number): Promise<EncodedAudio> {
    return encodeAudioWith(this.audio, levels, count);
  }

  async encodeQuery(sentence: Float32Array, layers: Float32Array): Promise<EncodedQuery> {
    const shape = this.textShape;
    // A plain error for another tower's vectors (findHeads refuses such heads; this guards direct callers).
    if (sentence.length !== shape.sentence || layers.length !== shape.layers)
      throw new RangeError(
        `the heads take a ${shape.sentence}-d sentence and ${shape.layers} layer values, got ${sentence.length} and ${layers.length}`,
      );
    const out = await this.text.run({
      sentence: tensor(sentence, [1, shape.sentence]),
      layers: tensor(layers, [1, shape.layers]),
    });
    return {
      zt: out.zt!.data as Float32Array,
      et: out.et!.data as Float32Array,
      classes: out.classes!.data as Float32Array,
    };
  }

  async score(query: EncodedQuery, audio: EncodedAudio, indices: number[]): Promise<ScoredFiles> {
    const n = indices.length;
    const za = new Float32Array(n * AUDIO_CODES * CODE_DIM);
    const ea = new Float32Array(n * JOINT_DIM);
    const probs = new Float32Array(n * CLASSES);
    indices.forEach((file, i) => {
      za.set(
        audio.za.subarray(file * AUDIO_CODES * CODE_DIM, (file + 1) * AUDIO_CODES * CODE_DIM),
        i * AUDIO_CODES * CODE_DIM,
      );
      ea.set(audio.ea.subarray(file * JOINT_DIM, (file + 1) * JOINT_DIM), i * JOINT_DIM);
      probs.set(audio.probs.subarray(file * CLASSES, (file + 1) * CLASSES), i * CLASSES);
    });
    const out = await this.scorer.run({
      zt: tensor(query.zt, [1, this.textShape.codes, CODE_DIM]),
      et: tensor(query.et, [1, JOINT_DIM]),
      classes: tensor(query.classes, [1, CLASSES]),
      za: tensor(za, [n, AUDIO_CODES, CODE_DIM]),
      ea: tensor(ea, [n, JOINT_DIM]),
      probs: tensor(probs, [n, CLASSES]),
    });
    return {
      score: out.score!.data as Float32Array,
      factorSims: out.factor_sims!.data as Float32Array,
      factorConf: out.factor_conf!.data as Float32Array,
      pairSims: out.pair_sims!.data as Float32Array,
    };
  }

  async denoise(
    xt: Float32Array,
    t: number,
    queryEmbedding: Float32Array,
    candidateEmbeddings: Float32Array,
  ): Promise<Float32Array> {
    const n = xt.length;
    const out = await this.denoiser.run({
      x_t: tensor(xt, [1, n]),
      t: new ort.Tensor('int64', BigInt64Array.from([BigInt(t)]), [1]),
      query: tensor(queryEmbedding, [1, JOINT_DIM]),
      cands: tensor(candidateEmbeddings, [1, n, JOINT_DIM]),
    });
    return out.logits!.data as Float32Array;
  }

  async close(): Promise<void> {
    await Promise.all([this.text, this.audio, this.scorer, this.denoiser].map((s) => s.release()));
  }
}
