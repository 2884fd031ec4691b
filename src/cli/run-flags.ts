import type { Argv } from 'yargs';
import { parseConflictStrategy, parseInferenceMode, parseMaxConcurrency } from '../config/parse-cli-values.js';
import type { AgentName, Settings } from '../config/types.js';
import { InputError } from '../util/errors.js';
import type { FlagsOf } from './flags-of.js';

const AGENTS: readonly AgentName[] = ['claude', 'amp', 'codex', 'opencode', 'gemini', 'custom'];

/** Flags shared by `run`, `config` and `plan`; every one maps onto a Settings key. */
export function withSettingsFlags<T>(yargs: Argv<T>) {
  return yargs
    .option('prd', { type: 'string', default: 'prd.json', describe: 'Path of the prd.json to run', group: 'Input:' })
    .option('config', { type: 'string', describe: 'Use this rc file instead of searching for .ralphrc / ralph.config.*', group: 'Input:' })
    .option('parallel', { type: 'boolean', describe: 'Run ready stories concurrently, each in its own git worktree (default: off, the classic sequential loop)', group: 'Parallel:' })
    .option('max-concurrency', { type: 'string', describe: 'Most stories running at once: a number (0 = unlimited) or "auto"', group: 'Parallel:' })
    .option('conflict-strategy', { type: 'string', describe: 'How conflicts are detected and merged: entity | file | none (also entity_based, file_based)', group: 'Parallel:' })
    .option('inference-mode', { type: 'string', describe: 'Dependency inference: hybrid | files | embeddings | explicit | none (also auto, disabled)', group: 'Parallel:' })
    .option('similarity-threshold', { type: 'number', describe: 'Cosine similarity (0..1) at which two stories are ordered', group: 'Parallel:' })
    .option('fallback', { type: 'boolean', describe: 'Re-run complex conflicts sequentially on the new head, and fall back to another embedder when the configured one is unavailable (--no-fallback: mark such stories conflicted and keep their branch; no similarity edges without the configured embedder)', group: 'Parallel:' })
    .option('reconcile', { type: 'boolean', describe: 'Check the integration branch after merges (--no-reconcile skips it)', group: 'Parallel:' })
    .option('conflict-resolution', { type: 'string', choices: ['fallback', 'agent'] as const, describe: 'What happens to conflicts the entity merge cannot resolve', group: 'Parallel:' })
    .option('same-entity', { type: 'string', choices: ['conflict', 'diff3'] as const, describe: 'Two stories changed one function: always a conflict (default), or merge it line by line', group: 'Parallel:' })
    .option('auto-ceiling', { type: 'number', describe: 'Highest limit --max-concurrency auto may choose', group: 'Parallel:' })
    .option('agent-memory-mb', { type: 'number', describe: 'Memory one agent is assumed to use (bounds auto concurrency)', group: 'Parallel:' })
    .option('worktree-copy', { type: 'string', array: true, describe: 'Untracked files copied into each worktree (globs, repeatable; default .env .env.local)', group: 'Parallel:' })
    .option('worktree-setup', { type: 'string', describe: 'Command run in each new worktree before the agent (e.g. "npm ci")', group: 'Parallel:' })
    .option('resolve-with-agent', { type: 'boolean', describe: 'Let the agent resolve conflicts left after entity merge before falling back', group: 'Parallel:' })
    .option('strict-scope', { type: 'boolean', describe: 'Reject a story that changes files outside its targetFiles', group: 'Parallel:' })
    .option('worktree-dir', { type: 'string', describe: 'Where story worktrees live (default: .git/ralph-wt/worktrees)', group: 'Parallel:' })
    .option('max-iterations', { type: 'number', describe: 'Sequential: total agent runs. Parallel: agent runs per story', group: 'Agent:' })
    .option('agent', { type: 'string', choices: AGENTS, describe: 'Which coding agent to run', group: 'Agent:' })
    .option('agent-command', { type: 'string', describe: 'Executable for --agent custom (prompt on stdin, see README "Agent contract")', group: 'Agent:' })
    .option('agent-arg', { type: 'string', array: true, describe: 'Extra argument for the agent (repeatable)', group: 'Agent:' })
    .option('model', { type: 'string', describe: 'Model name passed to the agent', group: 'Agent:' })
    .option('agent-timeout', { type: 'number', describe: 'Seconds before an agent run is killed (its whole process group)', group: 'Agent:' })
    .option('gate-timeout', { type: 'number', describe: 'Seconds before a quality gate command is killed (its whole process group) and counts as failed (default 900)', group: 'Agent:' })
    .option('gate', { type: 'string', array: true, describe: 'Quality gate command, run after the agent reports done (repeatable)', group: 'Agent:' })
    .option('allow-dirty', { type: 'boolean', describe: 'Start even if the working tree has uncommitted changes', group: 'Input:' });
}

/** The settings flags as `run`, `plan`, `validate` and `config` receive them. */
export type SettingsFlagValues = FlagsOf<typeof withSettingsFlags>;

/** The CLI layer of the settings: only flags the user actually gave. */
export function flagsToSettings(flags: SettingsFlagValues): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (flags.parallel !== undefined) out.parallel = flags.parallel;
  if (flags.maxConcurrency !== undefined) out.maxConcurrency = parseMaxConcurrency(flags.maxConcurrency);
  if (flags.conflictStrategy !== undefined) out.conflictStrategy = parseConflictStrategy(flags.conflictStrategy);
  if (flags.inferenceMode !== undefined) out.inferenceMode = parseInferenceMode(flags.inferenceMode);
  if (flags.similarityThreshold !== undefined) out.similarityThreshold = finite('--similarity-threshold', flags.similarityThreshold);
  if (flags.fallback !== undefined) out.fallback = flags.fallback;
  if (flags.reconcile !== undefined) out.reconcile = flags.reconcile;
  if (flags.resolveWithAgent !== undefined) out.conflictResolution = flags.resolveWithAgent ? 'agent' : 'fallback';
  if (flags.conflictResolution !== undefined) out.conflictResolution = flags.conflictResolution;
  if (flags.sameEntity !== undefined) out.sameEntity = flags.sameEntity;
  if (flags.autoCeiling !== undefined) out.autoCeiling = finite('--auto-ceiling', flags.autoCeiling);
  if (flags.agentMemoryMb !== undefined) out.agentMemoryMb = finite('--agent-memory-mb', flags.agentMemoryMb);
  if (flags.worktreeCopy !== undefined) out.worktreeCopy = flags.worktreeCopy;
  if (flags.worktreeSetup !== undefined) out.worktreeSetup = flags.worktreeSetup;
  if (flags.strictScope !== undefined) out.strictScope = flags.strictScope;
  if (flags.worktreeDir !== undefined) out.worktreeDir = flags.worktreeDir;
  if (flags.maxIterations !== undefined) out.maxIterations = finite('--max-iterations', flags.maxIterations);
  if (flags.agent !== undefined) out.agent = flags.agent;
  if (flags.agentCommand !== undefined) {
    out.agentCommand = flags.agentCommand;
    out.agent ??= 'custom';
  }
  if (flags.agentArg !== undefined) out.agentArgs = flags.agentArg;
  if (flags.model !== undefined) out.model = flags.model;
  if (flags.agentTimeout !== undefined) out.agentTimeout = finite('--agent-timeout', flags.agentTimeout);
  if (flags.gate !== undefined) out.gates = flags.gate;
  if (flags.gateTimeout !== undefined) out.gateTimeout = finite('--gate-timeout', flags.gateTimeout);
  if (flags.allowDirty !== undefined) out.allowDirty = flags.allowDirty;
  return out;
}

function finite(flag: string, value: number): number {
  if (!Number.isFinite(value)) throw new InputError(`${flag} must be a number`);
  return value;
}
