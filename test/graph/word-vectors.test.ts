import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planGraph } from '../../src/graph/plan.js';
import { cosine, EmbedderUnavailableError } from '../../src/graph/similarity/embedder.js';
import { similarityFromSettings } from '../../src/graph/similarity/fallback.js';
import { forgetVectors, loadVectors, vectorFileReads } from '../../src/graph/similarity/word-vectors/load.js';
import { parseVectors } from '../../src/graph/similarity/word-vectors/vectors-file.js';
import { WordVectorEmbedder } from '../../src/graph/similarity/word-vectors/embedder.js';
import { story } from './helpers.js';
import { TINY_WORDS, writeTinyVectors } from './tiny-vectors.js';

// Fast tests on a 15-word file; the real 341k-word package is loaded only in word-vectors-real.test.ts.
let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rwt-wv-'));
  path = await writeTinyVectors(dir);
  forgetVectors();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const login = 'Email and password login. Login page with email and password fields; session cookie.';
const reset = 'Password reset. Reset link on the login page emails a token.';
const csv = 'Export tasks as CSV. Download a spreadsheet of tasks.';
const theme = 'Dark theme. Header toggle switches colours.';

describe('vectors file', () => {
  it('parses the wink layout exactly, escaped keys and exponents included', async () => {
    const table = await loadVectors(path);
    expect(table.dimensions).toBe(4);
    expect(table.rows.size).toBe(Object.keys(TINY_WORDS).length);
    const row = table.rows.get('"') as number;
    expect(Array.from(table.values.slice(row * 4, row * 4 + 4))).toEqual([0.5, 0.5, 0.5, Math.fround(1e-7)]);
    expect(table.ranks[table.rows.get('csv') as number]).toBe(6);
  });

  it('rejects another layout with a reason', () => {
    expect(() => parseVectors(Buffer.from('{"hello":1}'), 'x.json')).toThrow('x.json: not a wink-embeddings vectors file (no "dimensions" before "words")');
    const short = '{"l2NormIndex":2,"wordIndex":3,"size":1,"dimensions":2,"words":["a"],"vectors":{"a":[1,2,3]}}';
    expect(() => parseVectors(Buffer.from(short))).toThrow('has 3 values, expected 4');
  });

  it('is read once per process however many embedders use it', async () => {
    const before = vectorFileReads.count;
    await Promise.all([new WordVectorEmbedder({ vectorsPath: path }).embed([login]), new WordVectorEmbedder({ vectorsPath: path }).embed([csv])]);
    await new WordVectorEmbedder({ vectorsPath: path }).embed([theme]);
    expect(vectorFileReads.count).toBe(before + 1);
  });
});

describe('WordVectorEmbedder', () => {
  it('gives L2-normalised vectors that put related stories closer', async () => {
    const v = await new WordVectorEmbedder({ vectorsPath: path }).embed([login, reset, csv, theme, 'nothing known here']);
    for (const x of v.slice(0, 4)) expect(cosine(x, x)).toBeCloseTo(1, 5);
    expect(Array.from(v[4] as Float32Array).every((x) => x === 0)).toBe(true); // no known word: unrelated to all
    const s = (i: number, j: number) => cosine(v[i] as Float32Array, v[j] as Float32Array);
    expect(s(0, 1)).toBeGreaterThan(0.9);
    expect(s(0, 2)).toBeLessThan(0.5);
    expect(s(2, 3)).toBeLessThan(0.5);
  });

  it('does not read the file until the first embed, and names the file in its id', () => {
    const before = vectorFileReads.count;
    const embedder = new WordVectorEmbedder({ vectorsPath: path });
    expect(vectorFileReads.count).toBe(before);
    expect(embedder.id).toMatch(/^word-vectors-v1-mean-global-[0-9a-f]{12}$/);
    expect(embedder.corpusDependent).toBe(false);
    expect(new WordVectorEmbedder({ vectorsPath: path, weighting: 'tfidf' }).corpusDependent).toBe(true);
  });

  it('is unavailable when the file is missing (at build) or unreadable (at embed)', async () => {
    expect(() => new WordVectorEmbedder({ vectorsPath: join(dir, 'missing.json') })).toThrow(EmbedderUnavailableError);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"not":"vectors"}');
    await expect(new WordVectorEmbedder({ vectorsPath: broken }).embed([login])).rejects.toThrow(
      /^cannot load the word vectors from .*broken\.json: .*not a wink-embeddings vectors file/,
    );
  });
});

describe('word-vectors in planGraph', () => {
  const stories = [
    story('US-001', { title: 'Email and password login', description: 'Login page with email and password fields.', acceptanceCriteria: ['Session cookie'] }),
    story('US-002', { title: 'Password reset', description: 'Reset link on the login page emails a token.' }),
    story('US-003', { title: 'Export tasks as CSV', description: 'Download a spreadsheet of tasks.' }),
    story('US-004', { title: 'Dark theme', description: 'Header toggle switches colours.' }),
  ];
  const settings = { embedder: 'word-vectors', modelPath: null, fallback: true } as const;

  it('links the related pair at the word-vector default threshold, and a second plan never reads the vectors', async () => {
    const cacheDir = join(dir, 'cache');
    const similarity = similarityFromSettings(settings, null, { wordVectors: { vectorsPath: path } });
    const options = { mode: 'embeddings', repoRoot: null, threshold: 0.6, weights: { files: 1, similarity: 1 }, cacheDir, similarity } as const;
    const before = vectorFileReads.count;
    const first = await planGraph(stories, options);
    expect(vectorFileReads.count).toBe(before + 1);
    expect(first.notes).toEqual([]);
    expect(first.graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['US-001>US-002']);
    expect(first.graph.edges[0]?.reason).toMatch(/^similarity 0\.\d{3} ≥ 0\.6$/);

    forgetVectors(); // as in a new process: only the on-disk cache can spare the load
    const second = await planGraph(stories, options);
    expect(vectorFileReads.count).toBe(before + 1);
    expect(second.stats).toMatchObject({ embedded: 0, cacheHits: 4 });
    expect(second.graph.edges).toEqual(first.graph.edges);

    // Corpus-independent: editing one story re-embeds that story only.
    const edited = [...stories.slice(0, 3), { ...(stories[3] as (typeof stories)[number]), title: 'Dark colour theme' }];
    const third = await planGraph(edited, options);
    expect(vectorFileReads.count).toBe(before + 2);
    expect(third.stats).toMatchObject({ embedded: 1, cacheHits: 3 });
  });
});
