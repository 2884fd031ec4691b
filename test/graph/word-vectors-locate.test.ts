import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateWinkVectors, WINK_VECTORS_PACKAGE } from '../../src/graph/similarity/word-vectors/load.js';

// The vectors package is opt-in: a user installs it into their project, so it must be found from there.
let project: string;
beforeEach(async () => {
  project = await realpath(await mkdtemp(join(tmpdir(), 'rwt-wv-locate-')));
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

async function installFakePackage(into: string): Promise<string> {
  const dir = join(into, 'node_modules', WINK_VECTORS_PACKAGE);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: WINK_VECTORS_PACKAGE, version: '1.1.0', main: `./${WINK_VECTORS_PACKAGE}.json` }));
  const file = join(dir, `${WINK_VECTORS_PACKAGE}.json`);
  await writeFile(file, '{}');
  return file;
}

describe('locateWinkVectors', () => {
  it("finds the package installed in the user's project before ralph-wt's own", async () => {
    const file = await installFakePackage(project);
    expect(locateWinkVectors([project])).toBe(file);
  });

  it('finds it from a subdirectory of the project, as node resolution walks up', async () => {
    const file = await installFakePackage(project);
    const sub = join(project, 'packages', 'app');
    await mkdir(sub, { recursive: true });
    expect(locateWinkVectors([sub])).toBe(file);
  });
});
