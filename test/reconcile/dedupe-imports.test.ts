import { dedupeImports } from '../../src/reconcile/dedupe-imports.js';

describe('dedupeImports', () => {
  test('TS: identical named import added twice is removed', async () => {
    const src = `import { join } from 'node:path';\nimport { a } from './a.js';\nimport { join } from 'node:path';\n\nexport const x = join(a);\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.text).toBe(`import { join } from 'node:path';\nimport { a } from './a.js';\n\nexport const x = join(a);\n`);
    expect(r.duplicates).toEqual([{ line: 3, firstLine: 1, module: 'node:path', names: ['join'], action: 'removed', reason: null }]);
  });

  test('TS: overlapping named imports merge into one statement', async () => {
    const src = `import { a } from 'x';\nimport { b } from 'y';\nimport { a, c } from 'x';\nconsole.log(a, b, c);\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.text).toBe(`import { a, c } from 'x';\nimport { b } from 'y';\nconsole.log(a, b, c);\n`);
    expect(r.duplicates[0]?.action).toBe('merged');
  });

  test('TS: overlap after other code is trimmed, not moved', async () => {
    const src = `import { a } from 'x';\nconst k = 1;\nimport { a, c } from 'x';\nconsole.log(a, c, k);\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.text).toBe(`import { a } from 'x';\nconst k = 1;\nimport { c } from 'x';\nconsole.log(a, c, k);\n`);
    expect(r.duplicates[0]?.action).toBe('trimmed');
  });

  test('TS: default, namespace, type-only, side effect; keeps leading comment of a removed one', async () => {
    const src = [
      `import fs from 'node:fs';`,
      `import * as p from 'node:path';`,
      `import type { T } from './t.js';`,
      `import './style.css';`,
      `import { T as U } from './t.js';`,
      `// added by story B`,
      `import fs from 'node:fs';`,
      `import * as p from 'node:path';`,
      `import type { T } from './t.js';`,
      `import './style.css';`,
      `export const v: T | U = fs && p ? 1 : 2;`,
      ``,
    ].join('\n');
    const r = await dedupeImports(src, 'typescript');
    expect(r.text).toBe([src.split('\n').slice(0, 6).join('\n'), `export const v: T | U = fs && p ? 1 : 2;`, ``].join('\n'));
    expect(r.duplicates.map((d) => d.action)).toEqual(['removed', 'removed', 'removed', 'removed']);
  });

  test('TS: default imported again with extra named items → default dropped from the later one', async () => {
    const src = `import React from 'react';\nconst a = 1;\nimport React, { useState } from 'react';\nexport { a, React, useState };\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.text).toBe(`import React from 'react';\nconst a = 1;\nimport { useState } from 'react';\nexport { a, React, useState };\n`);
  });

  test('TS: a different default name for the same module is not a duplicate', async () => {
    const src = `import a from 'm';\nimport b from 'm';\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.changed).toBe(false);
    expect(r.duplicates).toEqual([]);
  });

  test('TS: multi-line list keeps its layout when merged', async () => {
    const src = `import {\n  a,\n  b,\n} from 'x';\nimport { b, c } from 'x';\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.text).toBe(`import {\n  a,\n  b,\n  c,\n} from 'x';\n`);
  });

  test('Python: import twice, from-import twice, overlap merged', async () => {
    const src = `import os\nfrom typing import Any\nimport os\nfrom typing import Any, Dict\n\nprint(os, Any, Dict)\n`;
    const r = await dedupeImports(src, 'python');
    expect(r.text).toBe(`import os\nfrom typing import Any, Dict\n\nprint(os, Any, Dict)\n`);
    expect(r.duplicates.map((d) => d.action)).toEqual(['removed', 'merged']);
  });

  test('Python: an import after code is trimmed in place', async () => {
    const src = `from x import a\nimport sys\nsys.path.insert(0, 'lib')\nfrom x import (a, b)\n`;
    const r = await dedupeImports(src, 'python');
    expect(r.text).toBe(`from x import a\nimport sys\nsys.path.insert(0, 'lib')\nfrom x import (b)\n`);
  });

  test('Rust: use twice, list overlap, simple vs list', async () => {
    const src = `use std::collections::HashMap;\nuse std::io::{Read};\nuse std::fmt::{Debug, Display};\nuse std::collections::HashMap;\nuse std::io::{Read, Write};\nuse std::fmt::Display;\n\nfn main() {}\n`;
    const r = await dedupeImports(src, 'rust');
    expect(r.text).toBe(`use std::collections::HashMap;\nuse std::io::{Read, Write};\nuse std::fmt::{Debug, Display};\n\nfn main() {}\n`);
  });

  test('Rust: pub use and cfg variants are different imports', async () => {
    const src = `use a::b;\npub use a::b;\n#[cfg(test)]\nuse a::b;\n`;
    const r = await dedupeImports(src, 'rust');
    expect(r.duplicates).toEqual([]);
  });

  test('a file that does not parse is reported, not edited', async () => {
    const src = `import { a } from 'x';\nimport { a } from 'x';\nconst = ;\n`;
    const r = await dedupeImports(src, 'typescript');
    expect(r.changed).toBe(false);
    expect(r.duplicates[0]?.action).toBe('reported');
  });
});
