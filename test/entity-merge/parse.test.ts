import { resolve } from 'node:path';
import { languageForPath } from '../../src/analysis/languages.js';
import { loadCorpus } from '../../bench/merge-corpus.js';
import { parseVersion } from '../../src/entity-merge/parse.js';

describe('incremental parsing', () => {
  test('parsing ours/theirs incrementally from base gives the same tree as a fresh parse (every corpus case)', async () => {
    const cases = loadCorpus(resolve(process.cwd(), 'fixtures/merge'));
    let compared = 0;
    for (const c of cases) {
      const lang = languageForPath(`x.${c.ext}`);
      if (!lang) continue;
      const base = await parseVersion(c.base, lang);
      for (const text of [c.ours, c.theirs, `${c.ours}\n// trailing edit\n`.replace('// trailing edit', c.ext === 'py' ? '# trailing edit' : '// trailing edit')]) {
        const fresh = await parseVersion(text, lang);
        const incremental = await parseVersion(text, lang, base);
        expect(incremental.tree.rootNode.toString()).toBe(fresh.tree.rootNode.toString());
        expect(incremental.tree.rootNode.endIndex).toBe(fresh.tree.rootNode.endIndex);
        fresh.tree.delete();
        incremental.tree.delete();
        compared++;
      }
      base.tree.delete();
    }
    expect(compared).toBeGreaterThan(200);
  });

  test('non-ASCII text before and after an edit', async () => {
    const base = await parseVersion('const a = "ünï";\nfunction f() {\n  return "😀";\n}\nconst b = "é";\n', 'typescript');
    const text = 'const a = "ünï";\nfunction f() {\n  return "😀😀" + "ß";\n}\nconst b = "é";\nconst c = 1;\n';
    const incremental = await parseVersion(text, 'typescript', base);
    const fresh = await parseVersion(text, 'typescript');
    expect(incremental.tree.rootNode.toString()).toBe(fresh.tree.rootNode.toString());
    expect(incremental.tree.rootNode.hasError).toBe(false);
    for (const t of [base, incremental, fresh]) t.tree.delete();
  });
});
