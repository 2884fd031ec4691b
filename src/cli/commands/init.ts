import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatJson } from '../../util/atomic-write.js';
import { InputError } from '../../util/errors.js';
import { pathExists } from '../../util/path-exists.js';

/** `ralph-wt init`: a sample prd.json and .ralphrc.yaml to start from; never overwrites. */
export async function initCommand(flags: { force?: boolean | undefined }, cwd: string): Promise<number> {
  const files: [string, string][] = [
    ['prd.json', formatJson(SAMPLE_PRD)],
    ['.ralphrc.yaml', SAMPLE_RC],
  ];
  for (const [name] of files) {
    if (!flags.force && (await pathExists(join(cwd, name)))) throw new InputError(`${join(cwd, name)} already exists (use --force to overwrite)`);
  }
  for (const [name, content] of files) {
    await writeFile(join(cwd, name), content);
    process.stdout.write(`wrote ${join(cwd, name)}\n`);
  }
  process.stdout.write('Next: edit the stories, commit both files, then `ralph-wt validate` and `ralph-wt run --parallel`.\n');
  return 0;
}


const SAMPLE_PRD = {
  project: 'my-app',
  branchName: 'ralph/my-feature',
  description: 'What this batch of stories delivers.',
  parallel: { enabled: true, maxConcurrency: 3, conflictStrategy: 'entity', inferenceMode: 'hybrid' },
  userStories: [
    {
      id: 'US-001',
      title: 'Add the settings model',
      description: 'As a user I can store my preferences.',
      acceptanceCriteria: ['Settings type with defaults', 'Typecheck passes', 'Tests pass'],
      priority: 1,
      passes: false,
      notes: '',
      targetFiles: ['src/settings/**/*.ts'],
    },
    {
      id: 'US-002',
      title: 'Settings page',
      description: 'As a user I can change my preferences in the UI.',
      acceptanceCriteria: ['Page lists every setting', 'Changes are saved', 'Tests pass'],
      priority: 2,
      passes: false,
      notes: '',
      dependsOn: ['US-001'],
      targetFiles: ['src/pages/settings.tsx'],
    },
    {
      id: 'US-003',
      title: 'Export data as CSV',
      description: 'As a user I can download my data as CSV.',
      acceptanceCriteria: ['CSV has a header row', 'Tests pass'],
      priority: 3,
      passes: false,
      notes: '',
      targetFiles: ['src/export/**'],
    },
  ],
};

const SAMPLE_RC = `# ralph-wt settings (see .ralphrc.example in the ralph-wt package for every key)
agent:
  name: claude
  timeout: 1800
gates:
  - npm test
worktree:
  copy: [".env", ".env.local"]
  # setup: npm ci
`;
