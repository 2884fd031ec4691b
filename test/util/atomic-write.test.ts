import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatJson, writeFileAtomic } from '../../src/util/atomic-write.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ralph-atomic-'));
    const target = join(dir, 'prd.json');
    await writeFile(target, 'old');
    await writeFileAtomic(target, formatJson({ a: [1, 2] }));
    expect(await readFile(target, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
    expect(await readdir(dir)).toEqual(['prd.json']);
  });
});
