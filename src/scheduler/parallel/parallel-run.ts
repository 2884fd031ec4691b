import type { DependencyGraph } from '../../graph/dependency-graph.js';
import type { Journal } from '../../journal/journal.js';
import type { FileMerger } from '../../merge/file-merger.js';
import { IntegrationLedger } from '../../merge/integration-ledger.js';
import { readFilesAt } from '../../workspace/git-objects.js';
import { MergeQueue } from '../../merge/merge-queue.js';
import { TreeWriter } from '../../workspace/tree-writer.js';
import type { MergeDeps } from '../../merge/merge-story.js';
import { MergeWorktree } from '../../merge/merge-worktree.js';
import type { UserStory } from '../../prd/types.js';
import type { RunContext } from '../../run/context.js';
import { errorMessage } from '../../util/errors.js';
import { prdSlug } from '../../workspace/branch-names.js';
import { readRef } from '../../workspace/integration.js';
import { WorktreeRecycler } from '../../workspace/worktree-recycler.js';
import { worktreeBaseFor } from '../../workspace/worktrees.js';
import { remainingWidth, type ConcurrencyPolicy, type Decision } from '../concurrency/index.js';
import { TypecheckBaseline } from '../../reconcile/baseline.js';
import { reconcileBatch, type MergedStory } from '../reconcile-batch.js';
import { untrackedOrchestratorFiles } from '../sequential-runner.js';
import { Semaphore } from '../semaphore.js';
import { StoryBook } from '../story-book.js';

/** A story waiting to re-run alone on the new head (the sequential fallback). */
export interface FallbackJob {
  story: UserStory;
  /** Goes into the story's prompt: why it runs again. */
  summary: string;
}

export interface ParallelRunOptions {
  graph: DependencyGraph;
  journal: Journal;
  fileMerger: FileMerger | null;
  policy: ConcurrencyPolicy;
}

/**
 * What one parallel run shares between its main loop, its story jobs and its
 * merge lane: the stories' states (the book: the only owner of a story's
 * status), the fallback queue, the running jobs, the concurrency limit, the
 * batch awaiting reconciliation. One object, passed explicitly, instead of
 * closures over a long function.
 */
export class ParallelRun {
  readonly started = Date.now();
  readonly graph: DependencyGraph;
  readonly policy: ConcurrencyPolicy;
  readonly slug: string;
  readonly worktreeBase: string;
  readonly integrationRef: string;
  readonly mergeQueue = new MergeQueue();
  /** What the type checkers reported at the last reconciled head: errors already there are not a batch's. */
  readonly typecheckBaseline = new TypecheckBaseline();
  readonly ledger: IntegrationLedger;
  readonly treeWriter: TreeWriter;
  readonly mergeWorktree: MergeWorktree;
  readonly recycler: WorktreeRecycler;
  readonly semaphore: Semaphore;
  readonly initialReason: string;
  mergeDeps: MergeDeps;

  readonly stories: StoryBook;

  /** Per story, how many of its attempts were kept on a conflicts branch. */
  readonly #conflictCount = new Map<string, number>();
  /** Stories the book has as queued after a merge conflict, in the order they re-run alone (with their prompts). */
  readonly #fallbacks: FallbackJob[] = [];
  /** The jobs in flight (story jobs and resumed merges). */
  readonly #active = new Set<Promise<void>>();
  #flagged = 0;
  #unreconciled: MergedStory[] = [];
  #wake: (() => void) | null = null;
  #headRead: Promise<string | null> | null = null;

  constructor(
    readonly ctx: RunContext,
    options: ParallelRunOptions,
  ) {
    const { settings, prd } = ctx;
    this.graph = options.graph;
    this.policy = options.policy;
    this.slug = prdSlug(prd.prd.project, prd.prd.branchName);
    this.worktreeBase = worktreeBaseFor({ repoRoot: ctx.repoRoot, ralphDir: ctx.ralphDir, worktreeDir: settings.worktreeDir });
    this.integrationRef = `refs/heads/${prd.prd.branchName}`;
    // An untracked prd.json / progress.txt is in no commit the run makes.
    this.ledger = new IntegrationLedger(untrackedOrchestratorFiles(ctx));
    this.recycler = new WorktreeRecycler(ctx.repoRoot, ctx.gitMutex);
    // A kept worktree becomes the merge worktree only when no story will want it: at the end,
    // or when another one is free (taking the only one would make the next story fill a new one).
    this.mergeWorktree = new MergeWorktree(ctx, {
      take: () => (this.#active.size === 0 || this.recycler.size > 1 ? this.recycler.take() : Promise.resolve(null)),
    });
    this.treeWriter = new TreeWriter(ctx.repoRoot);
    this.stories = new StoryBook({
      storyIds: prd.prd.userStories.map((s) => s.id),
      bus: ctx.bus,
      store: options.journal,
      recorded: (id) => options.journal.story(id),
      passedBefore: new Set(prd.prd.userStories.filter((s) => s.passes).map((s) => s.id)),
    });
    const initial = this.policy.initial(this.remainingWidth());
    this.semaphore = new Semaphore(initial.limit);
    this.initialReason = initial.reason;
    this.mergeDeps = { prdSlug: this.slug, fileMerger: options.fileMerger, mergeWorktree: this.mergeWorktree, ledger: this.ledger, treeWriter: this.treeWriter, integrationHead: () => this.integrationHead() };
  }

  /** Issues reconciliation flagged over the run (any makes the run exit 1). */
  get flagged(): number {
    return this.#flagged;
  }

  /** How many jobs are in flight. */
  get inFlight(): number {
    return this.#active.size;
  }

  /** Resolves when every job launched so far has ended. */
  async allSettled(): Promise<void> {
    await Promise.allSettled([...this.#active]);
  }

  /** The story re-runs alone once nothing else is in flight. */
  queueFallback(job: FallbackJob): void {
    this.#fallbacks.push(job);
  }

  /** The next sequential re-run, if any waits. */
  nextFallback(): FallbackJob | null {
    return this.#fallbacks.shift() ?? null;
  }

  get fallbacksWaiting(): number {
    return this.#fallbacks.length;
  }

  remainingWidth(): number {
    return remainingWidth(this.graph, { done: this.stories.satisfiedIds(), failed: this.stories.lostIds() });
  }

  /** Applies a concurrency decision to stories not yet started, and logs it. */
  apply(decision: Decision | null): void {
    if (!decision) return;
    this.semaphore.setLimit(decision.to);
    this.ctx.bus.emit({ type: 'concurrency', ...decision, elapsedMs: Date.now() - this.started });
    this.wakeUp();
  }

  /** A story went out of the run for good (failed or conflicted): what is left may be narrower. */
  lostOne(): void {
    this.apply(this.policy.onWidthChange(this.remainingWidth()));
  }

  nextConflictRef(storyId: string): number {
    const n = (this.#conflictCount.get(storyId) ?? 0) + 1;
    this.#conflictCount.set(storyId, n);
    return n;
  }

  wakeUp(): void {
    this.#wake?.();
    this.#wake = null;
  }

  /** Where the integration branch is: as this run last set it, else read from git. */
  async integrationHead(): Promise<string | null> {
    // The startup's read of the head's files comes first: every story starting there needs them.
    if (this.#headRead) await this.#headRead;
    if (this.ledger.head !== null) return this.ledger.head;
    // The first stories all ask at once: one read answers them.
    this.#headRead ??= this.#track(readRef(this.ctx.repoRoot, this.integrationRef).then((head) => (head === null ? null : this.#learn(head))));
    const head = await this.#headRead;
    if (head !== null && this.ledger.head === null) this.ledger.observe(head);
    return head;
  }

  /** The head the run's startup found the branch at: what the first stories need of it is read now. */
  startFrom(head: string): void {
    if (this.ledger.head !== null || this.#headRead) return;
    this.ledger.observe(head);
    // Only a head start: if the read fails, whoever needs the files reads them.
    this.#headRead = this.#track(this.#learn(head).catch(() => head));
  }

  #track(read: Promise<string | null>): Promise<string | null> {
    return read.finally(() => {
      this.#headRead = null;
    });
  }

  /** Reads the head's tracked prd.json / progress.txt (every story starting there needs them). */
  async #learn(head: string): Promise<string> {
    const { ctx } = this;
    const untracked = untrackedOrchestratorFiles(ctx);
    const tracked = [ctx.prdRel, ctx.progressRel].filter((path) => !untracked.includes(path));
    const contents = await readFilesAt(ctx.repoRoot, tracked.map((path) => `${head}:${path}`));
    this.ledger.learn(head, new Map(tracked.map((path, i) => [path, contents[i] ?? null])));
    return head;
  }

  /** Resolves when a story job ends, a decision changes the limit, or the run is interrupted. */
  nextWake(): Promise<void> {
    const { signal } = this.ctx;
    return new Promise((resolve) => {
      // One listener per wait, removed when the wait ends: a long run waits thousands of times.
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  launch(job: Promise<void>): void {
    const tracked = job.finally(() => {
      this.#active.delete(tracked);
      this.wakeUp();
    });
    this.#active.add(tracked);
  }

  /** Queues a merged story for reconciliation; a full batch (≈ one wave) is reconciled in the merge lane. */
  addToBatch(story: MergedStory): void {
    this.#unreconciled.push(story);
    if (this.#unreconciled.length >= Math.max(2, this.semaphore.limit)) void this.mergeQueue.enqueue(() => this.reconcilePending({ whenIdle: true }));
  }

  /**
   * Reconciles the merged stories not yet checked. `whenIdle`: not while more
   * merges wait in the lane; the next merge asks again, so one pass covers
   * them all instead of one pass per batch that happened to fill up.
   */
  async reconcilePending(options: { whenIdle?: boolean } = {}): Promise<void> {
    const { ctx } = this;
    if (!ctx.settings.reconcile || this.#unreconciled.length === 0 || ctx.signal.aborted) return;
    if (options.whenIdle && this.mergeQueue.pending > 1) return;
    const batch = this.#unreconciled;
    this.#unreconciled = [];
    try {
      this.#flagged += await reconcileBatch(
        ctx,
        { worktree: this.mergeWorktree, treeWriter: this.treeWriter, prdSlug: this.slug, ledger: this.ledger, integrationHead: () => this.integrationHead(), typecheckBaseline: this.typecheckBaseline },
        batch,
      );
    } catch (error) {
      ctx.bus.emit({ type: 'warning', message: `reconciliation failed: ${errorMessage(error)}` });
    }
  }
}
