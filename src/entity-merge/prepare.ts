/**
 * Stage 0: normalise the three inputs so that later stages see LF-only text ending in a newline, and refuse inputs
 * no merge should touch. The line-ending/BOM/final-newline choices are restored on the result.
 */
import { hasConflictMarkers } from './markers.js';

export interface PreparedInputs {
  base: string;
  ours: string;
  theirs: string;
  /** Restore CRLF only if all three inputs used it. */
  crlf: boolean;
  bom: boolean;
  /** Whether the result ends with a newline (diff3 rule on the three final-newline flags). */
  finalNewline: boolean;
}

export type PrepareResult = { ok: true; inputs: PreparedInputs } | { ok: false; reason: string };

export const DEFAULT_MAX_SIZE = 1_000_000;

function fold(text: string): { text: string; crlf: boolean; bom: boolean; finalNewline: boolean } {
  const bom = text.startsWith('\uFEFF');
  const noBom = bom ? text.slice(1) : text;
  const crlf = noBom.includes('\r\n');
  const lf = crlf ? noBom.replace(/\r\n/g, '\n') : noBom;
  const finalNewline = lf === '' || lf.endsWith('\n');
  return { text: finalNewline ? lf : `${lf}\n`, crlf, bom, finalNewline };
}

export function prepare(base: string, ours: string, theirs: string, maxSize = DEFAULT_MAX_SIZE): PrepareResult {
  const named = [
    ['base', base],
    ['ours', ours],
    ['theirs', theirs],
  ] as const;
  for (const [name, text] of named) {
    if (text.includes('\0')) return { ok: false, reason: `${name} looks binary (NUL byte)` };
    if (text.length > maxSize) return { ok: false, reason: `${name} exceeds the size cap (${text.length} > ${maxSize})` };
    if (hasConflictMarkers(text)) return { ok: false, reason: `${name} already contains conflict markers` };
  }
  if (base.trim() === '' && ours.trim() !== '' && theirs.trim() !== '' && ours !== theirs) {
    return { ok: false, reason: 'both sides created the file' };
  }
  const b = fold(base);
  const o = fold(ours);
  const t = fold(theirs);
  return {
    ok: true,
    inputs: {
      base: b.text,
      ours: o.text,
      theirs: t.text,
      crlf: b.crlf && o.crlf && t.crlf,
      bom: b.bom && o.bom && t.bom,
      finalNewline: o.finalNewline === b.finalNewline ? t.finalNewline : o.finalNewline,
    },
  };
}

/** Undo the folding of `prepare` on a result. */
export function restore(text: string, inputs: PreparedInputs): string {
  let out = text;
  if (!inputs.finalNewline && out.endsWith('\n')) out = out.slice(0, -1);
  if (inputs.crlf) out = out.replace(/\n/g, '\r\n');
  if (inputs.bom) out = `\uFEFF${out}`;
  return out;
}
