/**
 * Top-level import statements as sets of bindings, per language. Pure. Two statements in the same `group` bind
 * items from the same module the same way (same `type`-only-ness, visibility, cfg), so an item key seen in both
 * is a duplicate binding. Anything not understood gets an exact-text key: only an identical statement matches it.
 */
import type { Entity, LanguageId, SpecifierList } from '../analysis/types.js';

export interface Binding {
  key: string;
  /** The item as it may be re-rendered into a specifier list; null for bindings outside the list (default, namespace). */
  listItem: string | null;
}

export interface ImportStatement {
  entity: Entity;
  /** Offset in entity.text where the statement starts, past attached leading comments (which are kept on removal). */
  stmtOffset: number;
  /** 1-based line of the statement itself. */
  line: number;
  group: string;
  module: string;
  bindings: Binding[];
  list: SpecifierList | null;
  /** Normalised text around the list: statements with equal frames can share one list. */
  frame: string | null;
  /** The statement start was found where expected; false = never edit it, only report. */
  editable: boolean;
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

const COMMENT_LINE: Record<'c' | 'py', RegExp> = { c: /^\s*(?:\/\/|\/\*|\*)/, py: /^\s*#/ };
const STATEMENT_START: Record<'ts' | 'py' | 'rs', RegExp> = {
  ts: /^\s*import\b/,
  py: /^\s*(?:import|from)\b/,
  rs: /^\s*(?:#!?\[|pub\b|use\b)/,
};

function family(lang: LanguageId): 'ts' | 'py' | 'rs' {
  return lang === 'python' ? 'py' : lang === 'rust' ? 'rs' : 'ts';
}

function statementOffset(text: string, fam: 'ts' | 'py' | 'rs'): { offset: number; lineDelta: number; ok: boolean } {
  const comment = fam === 'py' ? COMMENT_LINE.py : COMMENT_LINE.c;
  let offset = 0;
  let lineDelta = 0;
  for (const line of text.split('\n')) {
    if (STATEMENT_START[fam].test(line)) return { offset, lineDelta, ok: true };
    if (!comment.test(line)) break;
    offset += line.length + 1;
    lineDelta += 1;
  }
  return { offset: 0, lineDelta: 0, ok: false };
}

export function modelImport(entity: Entity, lang: LanguageId): ImportStatement {
  const fam = family(lang);
  const start = statementOffset(entity.text, fam);
  const stmtText = entity.text.slice(start.offset);
  const base = { entity, stmtOffset: start.offset, line: entity.startLine + start.lineDelta, editable: start.ok };
  const exact = (): ImportStatement => ({
    ...base,
    group: 'exact',
    module: normalise(stmtText),
    bindings: [{ key: normalise(stmtText), listItem: null }],
    list: null,
    frame: null,
  });
  const info = entity.imports;
  if (!info || !start.ok) return exact();
  const list = info.specifiers;
  const frame = list ? `${normalise(entity.text.slice(start.offset, list.start))}\u0000${normalise(entity.text.slice(list.end))}` : null;
  const listBindings = (list?.items ?? []).map((item) => ({ key: normalise(item), listItem: item }));

  if (fam === 'ts') {
    if (info.source === '') return exact();
    if (entity.name.endsWith(' (side effect)')) return { ...base, group: `ts:${entity.name}`, module: info.source, bindings: [{ key: 'side effect', listItem: null }], list: null, frame: null };
    const outside = info.names.length - listBindings.length;
    if (outside < 0 || outside > 2) return exact();
    const namespace = entity.name.endsWith(' *');
    const leading = info.names.slice(0, outside).map((name, i) => ({
      key: namespace && (outside === 1 || i === 1) ? `* as ${name}` : `default ${name}`,
      listItem: null,
    }));
    return { ...base, group: `ts:${entity.name}`, module: info.source, bindings: [...leading, ...listBindings], list, frame };
  }

  if (fam === 'py') {
    if (entity.name.startsWith('import ')) {
      const items = info.source.split(/\s*,\s*/).map(normalise).filter((s) => s !== '');
      return { ...base, group: 'py:import', module: info.source, bindings: items.map((key) => ({ key, listItem: null })), list: null, frame: null };
    }
    if (!list) return exact();
    return { ...base, group: `py:from:${info.source}`, module: info.source, bindings: listBindings, list, frame };
  }

  // Rust: the entity name is `<vis>use <source>[::{}]<cfg>`.
  const useAt = entity.name.indexOf('use ');
  if (useAt < 0) return exact();
  const vis = entity.name.slice(0, useAt);
  const cfg = entity.name.slice(useAt + `use ${info.source}${list ? '::{}' : ''}`.length);
  if (list) return { ...base, group: `rs:${vis}|${cfg}|${info.source}`, module: info.source, bindings: listBindings, list, frame };
  // `use a::b::c as d;` binds item `c as d` of module `a::b`, as `use a::b::{c as d};` does.
  const split = /^(.*)::([^:]+)$/.exec(info.source);
  const module = split?.[1] ?? '';
  const item = normalise(split?.[2] ?? info.source);
  return { ...base, group: `rs:${vis}|${cfg}|${module}`, module: module || info.source, bindings: [{ key: item, listItem: null }], list: null, frame: null };
}
