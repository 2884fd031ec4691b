import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosine, EmbedderUnavailableError } from '../../src/graph/similarity/embedder.js';
import { createEmbedder } from '../../src/graph/similarity/create.js';
import { ModelEmbedder, rowsOf, type FeatureExtractor, type TransformersModule } from '../../src/graph/similarity/model.js';

let dir: string;
let modelDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rwt-model-'));
  modelDir = join(dir, 'all-MiniLM-L6-v2');
  await mkdir(join(modelDir, 'onnx'), { recursive: true });
  await writeFile(join(modelDir, 'config.json'), '{}');
  await writeFile(join(modelDir, 'onnx', 'model_quantized.onnx'), 'not really onnx');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function unavailable(run: () => unknown): EmbedderUnavailableError {
  try {
    run();
  } catch (error) {
    if (error instanceof EmbedderUnavailableError) return error;
    throw error;
  }
  throw new Error('expected EmbedderUnavailableError');
}

const installed = (() => {
  try {
    createRequire(import.meta.url).resolve('@huggingface/transformers');
    return true;
  } catch {
    return false;
  }
})();

describe('model embedder: unavailable', () => {
  it('without modelPath', () => {
    const error = unavailable(() => createEmbedder('model', { modelPath: null }));
    expect(error.kind).toBe('model');
    expect(error.message).toBe(
      'the model embedder needs @huggingface/transformers (npm i @huggingface/transformers) and parallel.modelPath in the rc file pointing at a local model directory; modelPath is not set',
    );
  });

  it('when modelPath is not a model directory, or has no ONNX weights', async () => {
    expect(unavailable(() => createEmbedder('model', { modelPath: join(dir, 'missing') })).message).toMatch(/missing is not a model directory \(no config\.json\)$/);
    await rm(join(modelDir, 'onnx'), { recursive: true });
    expect(unavailable(() => createEmbedder('model', { modelPath: modelDir })).message).toMatch(/has no onnx\/model\.onnx or onnx\/model_quantized\.onnx$/);
  });

  (installed ? it.skip : it)('when @huggingface/transformers is not installed (the real dynamic import fails)', async () => {
    const embedder = createEmbedder('model', { modelPath: modelDir });
    await expect(embedder.embed(['a story'])).rejects.toThrow(EmbedderUnavailableError);
    await expect(embedder.embed(['a story'])).rejects.toThrow(/needs @huggingface\/transformers \(npm i @huggingface\/transformers\).*; importing it failed: /);
  });

  it('when the package is not transformers.js-shaped, or the model fails to load', async () => {
    const odd = new ModelEmbedder(modelDir, async () => ({ pipeline: 'no' }) as unknown as TransformersModule);
    await expect(odd.embed(['x'])).rejects.toThrow(new EmbedderUnavailableError('model', '@huggingface/transformers does not export pipeline() and env as transformers.js v3 does'));
    const failing = new ModelEmbedder(modelDir, async () => fakeModule(async () => Promise.reject(new Error('Could not locate file tokenizer.json'))).module);
    await expect(failing.embed(['x'])).rejects.toThrow(`cannot load the model in ${modelDir}: Could not locate file tokenizer.json`);
  });
});

/** A transformers.js stand-in recording how it was configured and called; vectors = [length, vowels, 1]. */
function fakeModule(load?: () => Promise<FeatureExtractor>) {
  const calls: { task: string; model: string; options: unknown; localModelPath: string; allowRemoteModels: boolean }[] = [];
  const batches: string[][] = [];
  const extractor: FeatureExtractor = async (texts, options) => {
    expect(options).toEqual({ pooling: 'mean', normalize: true });
    batches.push(texts);
    return { dims: [texts.length, 3], data: Float32Array.from(texts.flatMap((t) => [t.length, (t.match(/[aeiou]/g) ?? []).length, 1])) };
  };
  const module: TransformersModule = {
    env: { allowRemoteModels: true, allowLocalModels: false, localModelPath: '/models/' },
    pipeline: async (task, model, options) => {
      calls.push({ task, model, options, localModelPath: module.env.localModelPath, allowRemoteModels: module.env.allowRemoteModels });
      return load ? load() : extractor;
    },
  };
  return { module, calls, batches };
}

describe('model embedder: with transformers.js (faked: no weights can be downloaded here)', () => {
  it('loads the local directory with remote downloads off, once, and mean-pools in batches of 16', async () => {
    const fake = fakeModule();
    const embedder = createEmbedder('model', { modelPath: modelDir, loadTransformers: async () => fake.module });
    expect(embedder.id).toMatch(/^model-v1-all-MiniLM-L6-v2-q8-[0-9a-f]{12}$/);
    const texts = Array.from({ length: 20 }, (_, k) => `story ${'a'.repeat(k)}`);
    const vectors = await embedder.embed(texts);
    await embedder.embed(['again']);
    expect(fake.calls).toEqual([
      { task: 'feature-extraction', model: 'all-MiniLM-L6-v2', options: { local_files_only: true, dtype: 'q8' }, localModelPath: `${dir}/`, allowRemoteModels: false },
    ]);
    expect(fake.batches.map((b) => b.length)).toEqual([16, 4, 1]);
    expect(vectors).toHaveLength(20);
    for (const v of vectors) expect(cosine(v, v)).toBeCloseTo(1, 5);
  });

  it('rejects a tensor of the wrong shape', () => {
    expect(() => rowsOf({ dims: [2, 3], data: new Float32Array(5) }, 2)).toThrow('returned a tensor of shape [2, 3], expected [2, d]');
    expect(() => rowsOf({ dims: [1, 2, 3], data: new Float32Array(6) }, 1)).toThrow();
  });
});
