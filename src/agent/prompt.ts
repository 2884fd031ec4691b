import type { Prd, UserStory } from '../prd/types.js';
import { COMPLETION_MARKER } from './completion.js';

export interface PromptInput {
  prd: Prd;
  story: UserStory;
  /** Path of prd.json, shown so the agent can read the wider plan. */
  prdPath: string;
  progressPath: string;
  iteration: number;
  maxIterations: number;
  /** Output of the quality gate that failed the previous iteration. */
  gateFailure?: string;
  /** What conflicted when this story's branch was merged before. */
  conflictSummary?: string;
  extraInstructions?: string;
}

/**
 * The Ralph prompt for one iteration on one story. The agent works inside its
 * own worktree; the orchestrator owns prd.json, progress.txt and commits.
 */
export function buildPrompt(input: PromptInput): string {
  const { prd, story } = input;
  const sections: string[] = [];

  sections.push(
    `# Task: implement one user story`,
    [
      `Project: ${prd.project}`,
      prd.description ? `Project description: ${prd.description}` : null,
      `Story ID: ${story.id}`,
      `Story title: ${story.title}`,
      `Iteration: ${input.iteration} of ${input.maxIterations}`,
    ].filter((line): line is string => line !== null).join('\n'),
    `## Story\n${story.description.trim() || story.title}`,
  );

  const criteria = story.acceptanceCriteria.length > 0 ? story.acceptanceCriteria.map((c) => `- ${c}`).join('\n') : '- (none listed: use the description)';
  sections.push(`## Acceptance criteria\n${criteria}`);
  if (story.notes?.trim()) sections.push(`## Notes\n${story.notes.trim()}`);
  if (story.targetFiles && story.targetFiles.length > 0) {
    sections.push(`## Files this story is expected to touch\n${story.targetFiles.map((f) => `- ${f}`).join('\n')}\nStay close to these; other stories are being built in parallel.`);
  }

  if (input.gateFailure?.trim()) {
    sections.push(`## The previous attempt failed the quality checks\nFix this before anything else:\n\n${input.gateFailure.trim()}`);
  }
  if (input.conflictSummary?.trim()) {
    sections.push(
      `## Merge conflict from the previous attempt\nYour earlier changes conflicted with work merged since. The integration branch now contains that work; redo your change on top of it.\n\n${input.conflictSummary.trim()}`,
    );
  }

  sections.push(
    [
      `## Rules`,
      `- Work only in the current directory: it is this story's own git worktree. Do not change files outside it.`,
      `- Implement only this story. Other stories are handled separately.`,
      `- Do not edit ${input.prdPath} or ${input.progressPath}: the orchestrator owns them and records your result.`,
      `- Committing is optional: the orchestrator commits whatever you leave in the working tree.`,
      `- Read ${input.progressPath} (if it exists) for learnings from earlier stories.`,
      `- Before finishing, run the project's checks (typecheck, lint, tests) and fix what fails.`,
    ].join('\n'),
  );
  if (input.extraInstructions?.trim()) sections.push(`## Additional instructions\n${input.extraInstructions.trim()}`);

  sections.push(
    [
      `## Finishing`,
      `End your final message with a short summary of what you changed and anything the next story should know.`,
      `Only when every acceptance criterion is met and the checks pass, make this exact line the very last line of your final message:`,
      COMPLETION_MARKER,
      `If the story is not finished, do not print that line; describe what is left instead.`,
    ].join('\n'),
  );

  return `${sections.join('\n\n')}\n`;
}

/** The agent's final text without the completion marker, for the progress log. */
export function summaryFromFinalText(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== COMPLETION_MARKER)
    .join('\n')
    .trim();
}
