import type { ResolvedSettings, SettingKey } from './types.js';

/** `ralph-wt config`: every setting with its value and where it came from, aligned. */
export function formatResolvedSettings(resolved: ResolvedSettings): string {
  const keys = Object.keys(resolved.values) as SettingKey[];
  const rows: Array<[string, string, string]> = [
    ['key', 'value', 'source'],
    ...keys.map((key): [string, string, string] => [key, formatValue(resolved.values[key]), resolved.sources[key]]),
  ];
  const keyWidth = Math.max(...rows.map((row) => row[0].length));
  const valueWidth = Math.max(...rows.map((row) => row[1].length));
  const lines = rows.map(([key, value, source]) => `${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${source}`.trimEnd());
  lines.splice(1, 0, `${'-'.repeat(keyWidth)}  ${'-'.repeat(valueWidth)}  ${'-'.repeat('source'.length)}`);
  lines.push('', `rc file: ${resolved.rcPath ?? '(none found)'}`);
  return `${lines.join('\n')}\n`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value;
  return JSON.stringify(value);
}
