import { obj, str, type JsonObject } from './json-line.js';

const MAX_ACTIVITY = 160;

/** One short line for the UI: first line of the text, cut to a readable length. */
export function activityText(text: string): string {
  const first = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return first.length > MAX_ACTIVITY ? `${first.slice(0, MAX_ACTIVITY - 1)}…` : first;
}

/** Input keys different agents use for "the file this tool acts on". */
const PATH_KEYS = ['file_path', 'filePath', 'notebook_path', 'absolute_path', 'path'];
/** Tools that change files (claude, amp, opencode and gemini names). */
const WRITING_TOOLS = new Set([
  'edit', 'multiedit', 'write', 'notebookedit', 'edit_file', 'create_file', 'write_file', 'replace', 'patch', 'apply_patch',
]);

export function toolPath(input: unknown): string | null {
  const fields = obj(input);
  for (const key of PATH_KEYS) {
    const value = str(fields[key]);
    if (value) return value;
  }
  return null;
}

export function isWritingTool(name: string): boolean {
  return WRITING_TOOLS.has(name.toLowerCase());
}

/** "Edit src/x.ts", "Bash npm test", "Grep TODO" — what a tool call is doing. */
export function describeTool(name: string, input: JsonObject): string {
  const target = toolPath(input) ?? str(input['command']) ?? str(input['pattern']) ?? str(input['query']) ?? str(input['url']) ?? '';
  return activityText(target ? `${name} ${target}` : name);
}
