import type { GateResult } from './types.js';

/** Enough of the failing output for the agent to act on, without flooding its context. */
const PROMPT_OUTPUT_CHARS = 8 * 1024;

/** The failing gate, its exit status and the end of its output, for the retry prompt. */
export function formatGateFailure(result: GateResult): string {
  const failed = result.results.find((r) => r.exitCode !== 0);
  if (!failed) return result.passed ? '' : 'The quality checks were interrupted before they finished.';
  const status = failed.timedOut ? 'timed out' : failed.exitCode === null ? 'was killed' : `exited with code ${failed.exitCode}`;
  let output = failed.output.trimEnd();
  if (output.length > PROMPT_OUTPUT_CHARS) output = `…(earlier output cut)\n${output.slice(-PROMPT_OUTPUT_CHARS)}`;
  const passed = result.results.filter((r) => r.exitCode === 0).map((r) => `\`${r.command}\``);
  const lines = [
    `Quality gate \`${failed.command}\` ${status}.`,
    passed.length > 0 ? `Gates that passed: ${passed.join(', ')}.` : null,
    'Its output (end):',
    '```',
    output === '' ? '(no output)' : output.replace(/```/g, "'''"),
    '```',
  ];
  return lines.filter((line): line is string => line !== null).join('\n');
}
