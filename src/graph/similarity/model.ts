import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EmbedderUnavailableError, type Embedder } from './embedder.js';

/** What a feature-extraction pipeline returns: a [texts, dimensions] tensor. */
export interface FeatureTensor {
  readonly data: ArrayLike<number>;
  readonly dims: readonly number[];
}

export type FeatureExtractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<FeatureTensor>;

/** The part of `@huggingface/transformers` (transformers.js v3) this embedder calls. */
export interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: { local_files_only: boolean; dtype?: 'fp32' | 'q8' },
  ): Promise<FeatureExtractor>;
}

export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

const NEEDS = `the model embedder needs ${TRANSFORMERS_PACKAGE} (npm i ${TRANSFORMERS_PACKAGE}) and parallel.modelPath in the rc file pointing at a local model directory`;

/**
 * Import transformers.js if it is installed. It is not a dependency (≈ 50 MB
 * with onnxruntime), so the specifier is a variable: TypeScript must not
 * resolve it, and the module is checked against the narrow interface above.
 */
export async function importTransformers(): Promise<TransformersModule> {
  const specifier: string = TRANSFORMERS_PACKAGE;
  let loaded: unknown;
  try {
    loaded = await import(specifier);
  } catch (error) {
    throw new EmbedderUnavailableError('model', `${NEEDS}; importing it failed: ${(error as Error).message}`);
  }
  return checked(loaded);
}

/** The module, if it has the shape this embedder relies on (checked whoever loaded it). */
function checked(loaded: unknown): TransformersModule {
  if (!isTransformersModule(loaded)) {
    throw new EmbedderUnavailableError('model', `${TRANSFORMERS_PACKAGE} does not export pipeline() and env as transformers.js v3 does`);
  }
  return loaded;
}

function isTransformersModule(value: unknown): value is TransformersModule {
  if (typeof value !== 'object' || value === null) return false;
  const { pipeline, env } = value as { pipeline?: unknown; env?: unknown };
  return typeof pipeline === 'function' && typeof env === 'object' && env !== null;
}

/** Texts per pipeline call: bounds the padded [batch, tokens, hidden] activations. */
const BATCH = 16;

const extractors = new Map<string, Promise<FeatureExtractor>>();

/**
 * A local sentence-embedding model run by transformers.js, e.g. an ONNX
 * export of all-MiniLM-L6-v2: the directory holds `config.json`,
 * `tokenizer.json`, `tokenizer_config.json` and `onnx/model.onnx` (or
 * `onnx/model_quantized.onnx`, then loaded as q8). Remote downloads are off:
 * `env.allowRemoteModels = false`, `env.localModelPath` = the directory's
 * parent, model id = its name, `local_files_only: true`. Story vector = mean
 * pooling over tokens, L2-normalised. The model is loaded on the first
 * `embed` and kept for the process.
 *
 * Unavailable (EmbedderUnavailableError) when `modelPath` is null or not a
 * model directory (thrown here), or when the package is not installed or the
 * model fails to load (thrown by `embed`).
 */
export class ModelEmbedder implements Embedder {
  readonly id: string;
  readonly corpusDependent = false;
  readonly modelPath: string;
  private readonly dtype: 'fp32' | 'q8';

  constructor(
    modelPath: string | null | undefined,
    private readonly loadModule: () => Promise<TransformersModule> = importTransformers,
  ) {
    if (modelPath === null || modelPath === undefined || modelPath === '') throw new EmbedderUnavailableError('model', `${NEEDS}; modelPath is not set`);
    const dir = resolve(modelPath);
    if (!existsSync(join(dir, 'config.json'))) {
      throw new EmbedderUnavailableError('model', `${NEEDS}; ${dir} is not a model directory (no config.json)`);
    }
    const fp32 = join(dir, 'onnx', 'model.onnx');
    const q8 = join(dir, 'onnx', 'model_quantized.onnx');
    const weights = existsSync(fp32) ? fp32 : existsSync(q8) ? q8 : null;
    if (weights === null) throw new EmbedderUnavailableError('model', `${NEEDS}; ${dir} has no onnx/model.onnx or onnx/model_quantized.onnx`);
    this.dtype = weights === fp32 ? 'fp32' : 'q8';
    this.modelPath = dir;
    const stat = statSync(weights);
    // Directory + weights size and mtime: a replaced model gets new cache keys.
    const fingerprint = createHash('sha256').update(`${dir}\u0000${stat.size}\u0000${stat.mtimeMs}`).digest('hex').slice(0, 12);
    this.id = `model-v1-${basename(dir).replace(/[^A-Za-z0-9._-]/g, '_')}-${this.dtype}-${fingerprint}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const extract = await this.extractor();
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += BATCH) {
      const batch = texts.slice(start, start + BATCH);
      const tensor = await extract(batch, { pooling: 'mean', normalize: true });
      out.push(...rowsOf(tensor, batch.length));
    }
    return out;
  }

  private extractor(): Promise<FeatureExtractor> {
    const key = `${this.modelPath}\u0000${this.dtype}`;
    const known = extractors.get(key);
    if (known !== undefined) return known;
    const loading = this.load();
    extractors.set(key, loading);
    loading.catch(() => extractors.delete(key));
    return loading;
  }

  private async load(): Promise<FeatureExtractor> {
    const transformers = checked(await this.loadModule());
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = `${dirname(this.modelPath)}/`;
    try {
      return await transformers.pipeline('feature-extraction', basename(this.modelPath), { local_files_only: true, dtype: this.dtype });
    } catch (error) {
      throw new EmbedderUnavailableError('model', `cannot load the model in ${this.modelPath}: ${(error as Error).message}`);
    }
  }
}

/** Split a [n, d] tensor into n L2-normalised rows (normalised again: a pipeline may ignore `normalize`). */
export function rowsOf(tensor: FeatureTensor, expected: number): Float32Array[] {
  const [n, d] = tensor.dims;
  if (tensor.dims.length !== 2 || n !== expected || d === undefined || d < 1 || tensor.data.length !== n * d) {
    throw new Error(`feature-extraction returned a tensor of shape [${tensor.dims.join(', ')}], expected [${expected}, d]`);
  }
  const rows: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float32Array(d);
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const v = tensor.data[i * d + k] as number;
      row[k] = v;
      norm += v * v;
    }
    if (norm > 0) for (let k = 0; k < d; k++) row[k] = (row[k] as number) / Math.sqrt(norm);
    rows.push(row);
  }
  return rows;
}
