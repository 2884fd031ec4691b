/**
 * Compiler output → diagnostics with file and line. Pure; each format was checked against the tool's documented
 * plain (non-pretty) output:
 *   tsc    `src/a.ts(3,5): error TS2304: Cannot find name 'x'.` (continuation lines indented)
 *   mypy   `pkg/a.py:3: error: Name "x" is not defined  [name-defined]` (`:col` with --show-column-numbers)
 *   cargo  `src/main.rs:3:5: error[E0425]: cannot find function `x` in this scope` (--message-format short)
 */
import { isAbsolute, relative, sep } from 'node:path';

export interface Diagnostic {
  file: string;
  line: number;
  column: number | null;
  code: string | null;
  message: string;
}

const TSC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const MYPY = /^(.+?):(\d+)(?::(\d+))?: error: (.*?)(?:\s{2}\[([\w-]+)\])?$/;
const CARGO = /^(.+?):(\d+):(\d+): error(?:\[(E\d+)\])?: (.*)$/;

type Parser = (line: string) => Diagnostic | null;

const parseTscLine: Parser = (line) => {
  const m = TSC.exec(line);
  return m ? { file: m[1] ?? '', line: Number(m[2]), column: Number(m[3]), code: m[4] ?? null, message: m[5] ?? '' } : null;
};

const parseMypyLine: Parser = (line) => {
  const m = MYPY.exec(line);
  return m ? { file: m[1] ?? '', line: Number(m[2]), column: m[3] ? Number(m[3]) : null, code: m[5] ?? null, message: m[4] ?? '' } : null;
};

const parseCargoLine: Parser = (line) => {
  const m = CARGO.exec(line);
  return m ? { file: m[1] ?? '', line: Number(m[2]), column: Number(m[3]), code: m[4] ?? null, message: m[5] ?? '' } : null;
};

function parseWith(output: string, parser: Parser, continuation: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    const hit = parser(line);
    if (hit) {
      out.push(hit);
      continue;
    }
    // tsc puts the rest of a chained message on indented lines.
    const last = out[out.length - 1];
    if (continuation && last && /^\s+\S/.test(line)) last.message = `${last.message} ${line.trim()}`;
  }
  return out;
}

export const parseTsc = (output: string): Diagnostic[] => parseWith(output, parseTscLine, true);
export const parseMypy = (output: string): Diagnostic[] => parseWith(output, parseMypyLine, false);
export const parseCargo = (output: string): Diagnostic[] => parseWith(output, parseCargoLine, false);

/** For user-configured commands, whose tool is unknown: the first format that matches each line wins. */
export function parseAny(output: string): Diagnostic[] {
  return parseWith(output, (line) => parseTscLine(line) ?? parseCargoLine(line) ?? parseMypyLine(line), true);
}

/** Tool paths → repo-relative POSIX paths (tools print paths relative to their cwd, some absolute). */
export function toRepoPath(file: string, dir: string): string {
  const rel = isAbsolute(file) ? relative(dir, file) : file;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}
