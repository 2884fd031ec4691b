import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planGraph } from '../../src/graph/plan.js';
import { EmbedderUnavailableError, type Embedder } from '../../src/graph/similarity/embedder.js';
import { LexicalEmbedder } from '../../src/graph/similarity/lexical.js';
import { CachedEmbedder } from '../../src/graph/similarity/cache.js';
import type { PlanOptions } from '../../src/graph/types.js';
import { story } from './helpers.js';

const login = story('US-001', {
  title: 'Email and password login',
  description: 'Login page with email and password fields and session cookie.',
  acceptanceCriteria: ['Invalid password shows an error'],
});
const reset = story('US-002', {
  title: 'Password reset by email',
  description: 'Forgot password link on the login page emails a reset token.',
  acceptanceCriteria: ['Reset token expires after one hour'],
});
const csv = story('US-003', {
  title: 'Export tasks as CSV',
  description: 'Download a spreadsheet file of tasks with status and due date.',
  acceptanceCriteria: ['Columns: id, title, status'],
  targetFiles: ['src/export/**'],
});
const theme = story('US-004', {
  title: 'Dark colour theme',
  description: 'Header toggle switches between light and dark colours.',
  acceptanceCriteria: ['Choice persists in localStorage'],
  targetFiles: ['src/export/csv.ts'], // deliberately collides with US-003
});
const stories = [login, reset, csv, theme];

const base: PlanOptions = { mode: 'embeddings', repoRoot: null, threshold: 0.09, weights: { files: 1, similarity: 1 } };

/** Counts what reaches the real embedder, to prove the cache serves the second plan. */
class CountingEmbedder implements Embedder {
  readonly inner = new LexicalEmbedder();
  readonly id = this.inner.id;
  readonly corpusDependent = true;
  calls = 0;
  texts = 0;
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

describe('planGraph modes', () => {
  it('embeddings: links the related pair only, by priority, with the score in the reason', async () => {
    const { graph } = await planGraph(stories, base);
    const inferred = graph.edges.map((e) => [e.from, e.to, e.origin]);
    expect(inferred).toEqual([['US-001', 'US-002', 'similarity']]);
    expect(graph.edges[0]?.reason).toMatch(/^similarity 0\.\d{3} ≥ 0\.09$/);
  });

  it('files: only the targetFiles overlap', async () => {
    const { graph, notes } = await planGraph(stories, { ...base, mode: 'files' });
    expect(graph.edges.map((e) => [e.from, e.to, e.origin])).toEqual([['US-003', 'US-004', 'files']]);
    expect(notes.join('\n')).toContain('no targetFiles, so file overlap cannot order: US-001, US-002');
  });

  it('hybrid with equal weights: a file overlap alone suffices, similarity alone too', async () => {
    const { graph } = await planGraph(stories, { ...base, mode: 'hybrid' });
    const edges = graph.edges.map((e) => `${e.from}>${e.to}:${e.origin}`);
    expect(edges.sort()).toEqual(['US-001>US-002:similarity', 'US-003>US-004:files']);
    const files = graph.edges.find((e) => e.origin === 'files');
    expect(files?.reason).toMatch(/both touch src\/export\/\*\* and src\/export\/csv\.ts .*file bonus 1\.000 ≥ 0\.09/);
  });

  it('hybrid with a tiny file weight: an overlap without textual support is not enough', async () => {
    const { graph } = await planGraph(stories, { ...base, mode: 'hybrid', weights: { files: 0.01, similarity: 1 } });
    expect(graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['US-001>US-002']);
  });

  it('hybrid with similarity weight 0 is file overlap only', async () => {
    const { graph } = await planGraph(stories, { ...base, mode: 'hybrid', weights: { files: 1, similarity: 0 } });
    expect(graph.edges.map((e) => `${e.from}>${e.to}:${e.origin}`)).toEqual(['US-003>US-004:files']);
  });

  it('falls back to file overlap when the embedder is unavailable', async () => {
    const broken: Embedder = {
      id: 'model',
      embed: async () => {
        throw new EmbedderUnavailableError('model', 'model file missing');
      },
    };
    const plan = await planGraph(stories, { ...base, mode: 'embeddings', embedder: broken });
    expect(plan.graph.edges.map((e) => e.origin)).toEqual(['files']);
    expect(plan.notes[0]).toBe('similarity inference unavailable (model embedder: model file missing); using targetFiles overlap only');
  });

  it('does not swallow other embedder failures', async () => {
    const failing: Embedder = { id: 'x', embed: async () => Promise.reject(new Error('boom')) };
    await expect(planGraph(stories, { ...base, embedder: failing })).rejects.toThrow('boom');
  });
});

describe('embedding cache', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'rwt-graph-cache-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('a second plan on the same PRD recomputes nothing and gives the same graph', async () => {
    const embedder = new CountingEmbedder();
    const first = await planGraph(stories, { ...base, embedder, cacheDir });
    expect(first.stats).toMatchObject({ embedded: 4, cacheHits: 0 });
    expect(embedder.calls).toBe(1);

    const second = await planGraph(stories, { ...base, embedder, cacheDir });
    expect(embedder.calls).toBe(1); // nothing reached the embedder
    expect(second.stats).toMatchObject({ embedded: 0, cacheHits: 4 });
    expect(second.graph.edges).toEqual(first.graph.edges);
  });

  it('a changed PRD invalidates corpus-dependent vectors (TF-IDF)', async () => {
    const embedder = new CountingEmbedder();
    await planGraph(stories, { ...base, embedder, cacheDir });
    const edited = [login, reset, csv, { ...theme, title: 'Dark theme and high contrast' }];
    const plan = await planGraph(edited, { ...base, embedder, cacheDir });
    expect(embedder.calls).toBe(2);
    expect(plan.stats.embedded).toBe(4); // the whole batch: IDF changed for everyone
  });

  it('embeds only missing texts for corpus-independent embedders and counts hits', async () => {
    let seen: string[] = [];
    const perText: Embedder = {
      id: 'per-text/v1',
      embed: async (texts) => {
        seen = texts;
        return texts.map((t) => Float32Array.from([t.length, 1]));
      },
    };
    const cached = new CachedEmbedder(perText, cacheDir);
    await cached.embed(['a', 'bb']);
    const again = await cached.embed(['bb', 'ccc']);
    expect(seen).toEqual(['ccc']);
    expect(Array.from(again[0] as Float32Array)).toEqual([2, 1]);
    expect(cached.stats).toEqual({ hits: 1, misses: 3, embedded: 3 });
  });
});
