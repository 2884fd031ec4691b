import { performance } from 'node:perf_hooks';
import type { UserStory } from '../src/prd/types.js';
import { buildGraph } from '../src/graph/dependency-graph.js';
import { combineEvidence } from '../src/graph/inference/combine.js';
import { findFileOverlaps } from '../src/graph/inference/files.js';
import { similarityMatrix } from '../src/graph/inference/similarity.js';
import { planGraph } from '../src/graph/plan.js';
import { embedLexical } from '../src/graph/similarity/lexical.js';
import { storyText } from '../src/graph/similarity/story-text.js';
import { DEFAULT_SIMILARITY_THRESHOLD } from '../src/graph/similarity/threshold.js';

export interface BenchRow {
  name: string;
  stories: number;
  /** Median wall time of `runs` runs, milliseconds. */
  ms: number;
}

export interface GraphBenchOptions {
  stories?: number;
  runs?: number;
  seed?: number;
}

/**
 * Time the planning core on a generated PRD (default 200 stories, median of
 * 5): graph build + validation + schedule queries, symbolic targetFiles
 * overlap, lexical embedding + pairwise similarity, and the whole hybrid
 * planGraph (no repository, no cache). Target: the total under 1 s.
 */
export async function benchGraph(options: GraphBenchOptions = {}): Promise<BenchRow[]> {
  const count = options.stories ?? 200;
  const runs = options.runs ?? 5;
  const stories = generatePrd(count, options.seed ?? 42);
  const texts = stories.map(storyText);

  const rows: BenchRow[] = [];
  const time = async (name: string, work: () => unknown): Promise<void> => {
    const samples: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = performance.now();
      await work();
      samples.push(performance.now() - start);
    }
    rows.push({ name, stories: count, ms: Math.round(median(samples) * 10) / 10 });
  };

  await time('graph: build + validate + waves/critical path/width', () => {
    const graph = buildGraph(stories);
    graph.validate();
    return [graph.waves(), graph.criticalPath(), graph.width()];
  });
  await time('graph: targetFiles overlap (symbolic)', () => findFileOverlaps(stories, null));
  await time('graph: lexical embedding + pairwise similarity', () => similarityMatrix(embedLexical(texts)));
  await time('graph: build with inferred edges (hybrid candidates)', () => {
    const { edges } = combineEvidence(stories, {
      overlaps: findFileOverlaps(stories, null),
      similarity: similarityMatrix(embedLexical(texts)),
      threshold: DEFAULT_SIMILARITY_THRESHOLD,
      weights: { files: 1, similarity: 1 },
    });
    return buildGraph(stories, edges).waves();
  });
  await time('graph: planGraph hybrid, total', async () => {
    const plan = await planGraph(stories, {
      mode: 'hybrid',
      repoRoot: null,
      threshold: DEFAULT_SIMILARITY_THRESHOLD,
      weights: { files: 1, similarity: 1 },
    });
    return plan.graph.waves();
  });
  return rows;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Deterministic PRNG (mulberry32) so every run benches the same PRD. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREAS = [
  'auth', 'billing', 'search', 'notifications', 'reports', 'admin', 'api', 'ui', 'storage', 'sync', 'export', 'settings',
  'onboarding', 'payments', 'analytics', 'comments', 'teams', 'projects', 'calendar', 'chat', 'files', 'audit', 'webhooks',
  'i18n', 'themes', 'mobile', 'scheduler', 'importer', 'pricing', 'support',
];
const ACTIONS = [
  'Add', 'Validate', 'Cache', 'Paginate', 'Export', 'Import', 'Audit', 'Rate-limit', 'Retry', 'Localise', 'Index', 'Archive',
  'Deduplicate', 'Encrypt', 'Preview', 'Schedule', 'Bulk-edit', 'Filter', 'Sort', 'Share', 'Restore', 'Throttle', 'Sign', 'Compress',
];
const OBJECTS = [
  'invoices', 'user sessions', 'search results', 'email digests', 'webhook deliveries', 'CSV reports', 'API tokens',
  'project settings', 'file uploads', 'team members', 'audit entries', 'payment methods', 'calendar events', 'chat messages',
  'support tickets', 'price plans', 'onboarding checklists', 'translation strings', 'colour themes', 'push notifications',
  'scheduled jobs', 'import mappings', 'dashboard widgets', 'access roles', 'shared links', 'attachments', 'comment threads',
  'usage metrics', 'discount codes', 'saved searches',
];
const EXTRA = [
  'with retries and backoff', 'behind a feature flag', 'for admins only', 'in the background worker', 'with a progress bar',
  'in the public API', 'with optimistic updates', 'respecting user permissions', 'on mobile screens', 'for large accounts',
  'without blocking the page', 'with keyboard shortcuts', 'across time zones', 'with an undo option',
];
const FILES = ['index.ts', 'model.ts', 'service.ts', 'routes.ts', 'store.ts', 'view.tsx', 'form.tsx', 'client.ts', 'schema.ts', 'worker.ts'];

/** A PRD that looks like a real one: areas, actions, criteria, globs, a few explicit dependencies. */
export function generatePrd(count: number, seed: number): UserStory[] {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const stories: UserStory[] = [];
  for (let i = 0; i < count; i++) {
    const area = pick(AREAS);
    const action = pick(ACTIONS);
    const object = pick(OBJECTS);
    const id = `US-${String(i + 1).padStart(3, '0')}`;
    // Mostly concrete files of the story's area, sometimes another area, rarely a broad glob.
    const targetFiles = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const dir = `src/${rand() < 0.8 ? area : pick(AREAS)}`;
      const r = rand();
      return r < 0.05 ? `${dir}/**` : r < 0.15 ? `${dir}/*.{ts,tsx}` : `${dir}/${pick(FILES)}`;
    });
    const dependsOn: string[] = [];
    if (i > 0 && rand() < 0.3) dependsOn.push(`US-${String(1 + Math.floor(rand() * i)).padStart(3, '0')}`);
    stories.push({
      id,
      title: `${action} ${object} in ${area}`,
      description: `As a customer, I want to ${action.toLowerCase()} ${object} ${pick(EXTRA)} so that the ${area} module is reliable.`,
      acceptanceCriteria: [
        `${action} ${object} from the ${area} page`,
        `Errors are shown when ${pick(OBJECTS)} are missing`,
        `${pick(ACTIONS)} works ${pick(EXTRA)}`,
        'Typecheck passes',
      ],
      priority: 1 + Math.floor(i / 10),
      passes: rand() < 0.05,
      dependsOn,
      targetFiles,
    });
  }
  return stories;
}
