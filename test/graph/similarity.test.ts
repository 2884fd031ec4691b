import { readFile } from 'node:fs/promises';
import { cosine, EmbedderUnavailableError } from '../../src/graph/similarity/embedder.js';
import { createEmbedder } from '../../src/graph/similarity/create.js';
import { bestByF1, evaluateAt, scoreFixture, sweep, type LabelledFixture } from '../../src/graph/similarity/evaluate.js';
import { embedLexical, LexicalEmbedder } from '../../src/graph/similarity/lexical.js';
import { storyText } from '../../src/graph/similarity/story-text.js';
import { DEFAULT_SIMILARITY_THRESHOLD } from '../../src/graph/similarity/threshold.js';
import { stem, words } from '../../src/graph/similarity/tokenize.js';

const corpus = [
  // 0, 1: the same concern (login / password), different wording
  'Email and password sign-in. Login page with email and password fields; invalid credentials show an error; session cookie set.',
  'Password reset by email. Forgot password link on the login page sends a reset token by email; the new password is validated.',
  // 2: unrelated
  'Export tasks to CSV. Download a CSV file with task id, title, status and due date for spreadsheets.',
  // 3: unrelated
  'Dark mode. A theme toggle in the header switches between light and dark colours, persisted in localStorage.',
  // 4: related to 2 (CSV export filters)
  'Filter the board. Filters for assignee and label; the CSV export of tasks respects the active filters.',
];

describe('tokenize', () => {
  it('splits identifiers, drops stopwords and numbers, stems inflections together', () => {
    expect(words('As a user, I want the DependencyGraph to parse target_files in US-001')).toEqual([
      'dependency', 'graph', 'pars', 'target', 'fil',
    ]); // "us" is the pronoun stopword, "001" a number
    expect(new Set(['merge', 'merges', 'merged', 'merging'].map(stem)).size).toBe(1);
    expect(new Set(['cache', 'caches', 'cached', 'caching'].map(stem)).size).toBe(1);
    expect(stem('status')).toBe('status');
  });
});

describe('lexical embedder', () => {
  it('produces L2-normalised vectors of the configured dimension', async () => {
    const vectors = await new LexicalEmbedder({ dimension: 512 }).embed(corpus);
    expect(vectors).toHaveLength(corpus.length);
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(cosine(v, v)).toBeCloseTo(1, 5);
    }
  });

  it('scores obviously related stories above unrelated ones', () => {
    const v = embedLexical(corpus);
    const s = (i: number, j: number) => cosine(v[i] as Float32Array, v[j] as Float32Array);
    expect(s(0, 1)).toBeGreaterThan(DEFAULT_SIMILARITY_THRESHOLD);
    expect(s(2, 4)).toBeGreaterThan(DEFAULT_SIMILARITY_THRESHOLD);
    expect(s(0, 3)).toBeLessThan(DEFAULT_SIMILARITY_THRESHOLD);
    expect(s(1, 2)).toBeLessThan(DEFAULT_SIMILARITY_THRESHOLD);
    expect(s(0, 1)).toBeGreaterThan(s(0, 2));
    expect(s(0, 1)).toBeGreaterThan(s(0, 3));
  });

  it('is deterministic and gives empty text a zero vector', () => {
    const a = embedLexical(['alpha beta', 'gamma', '']);
    const b = embedLexical(['alpha beta', 'gamma', '']);
    expect(a).toEqual(b);
    expect(Array.from(a[2] as Float32Array).every((x) => x === 0)).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => new LexicalEmbedder({ dimension: 1000 })).toThrow(RangeError);
    expect(() => new LexicalEmbedder({ wordShare: 2 })).toThrow(RangeError);
  });
});

describe('createEmbedder', () => {
  it('builds each kind without loading anything heavy, and refuses a model without a directory', () => {
    expect(createEmbedder('lexical')).toBeInstanceOf(LexicalEmbedder);
    expect(() => createEmbedder('word-vectors', { wordVectors: { vectorsPath: '/nonexistent/vectors.json' } })).toThrow(EmbedderUnavailableError);
    let caught: unknown;
    try {
      createEmbedder('model', { modelPath: '/models/x.onnx' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmbedderUnavailableError);
    expect((caught as EmbedderUnavailableError).kind).toBe('model');
  });
});

describe('evaluation', () => {
  const scores = [
    { score: 0.9, related: true },
    { score: 0.6, related: true },
    { score: 0.5, related: false },
    { score: 0.2, related: true },
    { score: 0.1, related: false },
  ];
  it('computes precision, recall and F1 at a threshold', () => {
    const m = evaluateAt(scores, 0.5);
    expect(m).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 1 });
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
    expect(evaluateAt(scores, 1).precision).toBe(1);
  });
  it('sweeps thresholds and picks the best F1, preferring the higher threshold on ties', () => {
    const all = sweep(scores, 0.1, 0.9, 0.1);
    expect(all.map((m) => m.threshold)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    // 0.1: F1 0.75; 0.2: tp 3 fp 1 → 0.857; 0.3–0.5: 0.667; 0.6: tp 2 fp 0 → 0.8.
    expect(bestByF1(all).threshold).toBe(0.2);
  });
});

describe('labelled fixture', () => {
  let fixture: LabelledFixture;
  beforeAll(async () => {
    fixture = JSON.parse(await readFile(new URL('../../fixtures/similarity/pairs.json', import.meta.url), 'utf8')) as LabelledFixture;
  });

  it('has at least 40 labelled pairs over several PRDs, both labels represented', () => {
    expect(fixture.pairs.length).toBeGreaterThanOrEqual(40);
    expect(fixture.prds.length).toBeGreaterThanOrEqual(4);
    expect(fixture.pairs.some((p) => p.related)).toBe(true);
    expect(fixture.pairs.some((p) => !p.related)).toBe(true);
    expect(fixture.prds.find((p) => p.name === 'parallel-story-execution')?.stories).toHaveLength(15);
  });

  it('DEFAULT_SIMILARITY_THRESHOLD stays within 0.03 F1 of the best threshold for the lexical embedder', async () => {
    const scores = await scoreFixture(fixture, new LexicalEmbedder());
    const best = bestByF1(sweep(scores, 0.02, 0.6, 0.005));
    const chosen = evaluateAt(scores, DEFAULT_SIMILARITY_THRESHOLD);
    expect(chosen.f1).toBeGreaterThanOrEqual(best.f1 - 0.03);
    // Far better than "everything is related" (F1 of predicting all pairs related).
    expect(chosen.f1).toBeGreaterThan(evaluateAt(scores, -1).f1 + 0.15);
    expect(chosen.precision).toBeGreaterThan(0.45);
    expect(chosen.recall).toBeGreaterThan(0.55);
  });

  it('storyText joins title, description and criteria', () => {
    expect(storyText({ title: 'T', description: 'D', acceptanceCriteria: ['a', 'b'] })).toBe('T\nD\na\nb');
  });
});
