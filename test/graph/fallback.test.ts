import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planGraph, type PlanGraphOptions } from '../../src/graph/plan.js';
import { embedderChain, similarityFromSettings, type SimilaritySettings } from '../../src/graph/similarity/fallback.js';
import { defaultThresholdFor, thresholdFor, DEFAULT_SIMILARITY_THRESHOLD } from '../../src/graph/similarity/threshold.js';
import { forgetVectors } from '../../src/graph/similarity/word-vectors/load.js';
import { story } from './helpers.js';
import { writeTinyVectors } from './tiny-vectors.js';

let dir: string;
let vectors: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rwt-fallback-'));
  vectors = await writeTinyVectors(dir);
  forgetVectors();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stories = [
  story('US-001', { title: 'Email and password login', description: 'Login page with email and password fields.', acceptanceCriteria: ['Session cookie'] }),
  story('US-002', { title: 'Password reset', description: 'Reset link on the login page emails a token.' }),
  story('US-003', { title: 'Export tasks as CSV', description: 'Download a spreadsheet of tasks.', targetFiles: ['src/export/**'] }),
  story('US-004', { title: 'Dark theme', description: 'Header toggle switches colours.', targetFiles: ['src/export/csv.ts'] }),
];

function plan(settings: SimilaritySettings, userThreshold: number | null, vectorsPath: string = vectors) {
  const similarity = similarityFromSettings(settings, userThreshold, { wordVectors: { vectorsPath } });
  const options: PlanGraphOptions = {
    mode: 'embeddings',
    repoRoot: null,
    threshold: similarity.thresholdFor(settings.embedder),
    weights: { files: 1, similarity: 1 },
    similarity,
  };
  return planGraph(stories, options);
}

describe('thresholds', () => {
  it('each embedder has its own default; a user threshold replaces it', () => {
    expect(defaultThresholdFor('lexical')).toBe(DEFAULT_SIMILARITY_THRESHOLD);
    expect(defaultThresholdFor('word-vectors')).toBe(0.6);
    expect(defaultThresholdFor('model')).toBe(0.5);
    expect(thresholdFor('word-vectors', null)).toBe(0.6);
    expect(thresholdFor('word-vectors', 0.3)).toBe(0.3);
  });

  it('a user threshold applies to the configured embedder only, not to a fallback', () => {
    const { thresholdFor: of } = similarityFromSettings({ embedder: 'model', modelPath: null, fallback: true }, 0.42);
    expect([of('model'), of('word-vectors'), of('lexical')]).toEqual([0.42, 0.6, DEFAULT_SIMILARITY_THRESHOLD]);
  });
});

describe('fallback chain', () => {
  it('orders model → word-vectors → lexical, and only the configured one with --no-fallback', () => {
    const kinds = (s: SimilaritySettings) => embedderChain(s).map((c) => c.kind);
    expect(kinds({ embedder: 'model', modelPath: null, fallback: true })).toEqual(['model', 'word-vectors', 'lexical']);
    expect(kinds({ embedder: 'word-vectors', modelPath: null, fallback: true })).toEqual(['word-vectors', 'lexical']);
    expect(kinds({ embedder: 'lexical', modelPath: null, fallback: true })).toEqual(['lexical']);
    expect(kinds({ embedder: 'model', modelPath: null, fallback: false })).toEqual(['model']);
  });

  it('model without modelPath → word vectors at their own threshold, with one note why', async () => {
    const result = await plan({ embedder: 'model', modelPath: null, fallback: true }, null);
    expect(result.notes).toEqual([
      'model embedder unavailable (the model embedder needs @huggingface/transformers (npm i @huggingface/transformers) and parallel.modelPath in the rc file pointing at a local model directory; modelPath is not set); falling back to the word-vectors embedder',
    ]);
    expect(result.graph.edges.map((e) => `${e.from}>${e.to}:${e.reason}`)).toEqual([expect.stringMatching(/^US-001>US-002:similarity 0\.\d+ ≥ 0\.6$/)]);
  });

  it('model and word vectors both unavailable → lexical, two notes', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '[]');
    const result = await plan({ embedder: 'model', modelPath: join(dir, 'no-model'), fallback: true }, null, broken);
    expect(result.notes).toHaveLength(2);
    expect(result.notes[0]).toMatch(/^model embedder unavailable \(.*no-model is not a model directory \(no config\.json\)\); falling back to the word-vectors embedder$/);
    expect(result.notes[1]).toMatch(/^word-vectors embedder unavailable \(cannot load the word vectors from .*broken\.json: .*\); falling back to the lexical embedder$/);
    expect(result.graph.edges[0]?.reason).toMatch(/≥ 0\.09$/);
  });

  it('--no-fallback: an unavailable embedder means files only, said so', async () => {
    const result = await plan({ embedder: 'model', modelPath: null, fallback: false }, 0.5);
    expect(result.notes).toHaveLength(2); // + "no targetFiles" for US-001/2
    expect(result.notes[0]).toMatch(/^similarity inference unavailable \(model embedder: .*modelPath is not set\); --no-fallback, so no other embedder and no similarity edges; using targetFiles overlap only$/);
    expect(result.graph.edges.map((e) => `${e.from}>${e.to}:${e.origin}`)).toEqual(['US-003>US-004:files']);
  });

  it('--no-fallback with an available embedder changes nothing', async () => {
    const result = await plan({ embedder: 'word-vectors', modelPath: null, fallback: false }, null);
    expect(result.notes).toEqual([]);
    expect(result.graph.edges.map((e) => e.origin)).toEqual(['similarity']);
  });
});
