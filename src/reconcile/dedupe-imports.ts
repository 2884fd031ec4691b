/**
 * Duplicate imports left by clean line merges (two stories adding the same import at different places), found
 * with tree-sitter and removed. Pure: text in, text and findings out. Conservative: the earliest statement always
 * stays; a later one is removed when everything it binds is already bound, trimmed (or merged into an earlier
 * statement of the same shape, when only imports and comments lie between them) when part of it is; anything
 * else is reported. The result is re-parsed and must bind exactly the same set of names, or nothing is changed.
 */
import { extractEntities } from '../analysis/index.js';
import type { Entity, LanguageId } from '../analysis/types.js';
import { modelImport, type ImportStatement } from './import-model.js';

export type DedupeAction = 'removed' | 'merged' | 'trimmed' | 'reported';

export interface DuplicateImport {
  /** Line of the later (duplicate) statement in the input. */
  line: number;
  /** Line of the earlier statement that already binds the names. */
  firstLine: number;
  module: string;
  /** The bindings imported twice. */
  names: string[];
  action: DedupeAction;
  /** For `reported`: why it was not fixed. */
  reason: string | null;
}

export interface DedupeResult {
  text: string;
  changed: boolean;
  duplicates: DuplicateImport[];
}

interface State {
  stmt: ImportStatement;
  /** Current specifier list items (raw text) when the list is edited. */
  items: string[] | null;
  dropDefault: boolean;
  removed: boolean;
}

const DEFAULT_BEFORE_LIST = /^(\s*import\s+)[A-Za-z_$][\w$]*\s*,\s*(\{)$/;

export async function dedupeImports(text: string, lang: LanguageId): Promise<DedupeResult> {
  const parsed = await extractEntities(text, lang);
  const imports = parsed.entities.filter((e) => e.kind === 'import');
  if (imports.length < 2) return { text, changed: false, duplicates: [] };
  const states: State[] = imports.map((entity) => ({ stmt: modelImport(entity, lang), items: null, dropDefault: false, removed: false }));
  const canEdit = !parsed.hasErrors && parsed.problems.length === 0;
  const duplicates = plan(text, lang, states, parsed.entities, canEdit);
  if (!duplicates.some((d) => d.action !== 'reported')) return { text, changed: false, duplicates };

  const next = render(text, states);
  const problem = await verify(text, next, lang);
  if (problem !== null) {
    return { text, changed: false, duplicates: duplicates.map((d) => (d.action === 'reported' ? d : { ...d, action: 'reported', reason: problem })) };
  }
  return { text: next, changed: true, duplicates };
}

function plan(text: string, lang: LanguageId, states: State[], entities: readonly Entity[], canEdit: boolean): DuplicateImport[] {
  const seen = new Map<string, Map<string, State>>();
  const findings: DuplicateImport[] = [];
  for (const state of states) {
    const { stmt } = state;
    let groupSeen = seen.get(stmt.group);
    if (!groupSeen) {
      groupSeen = new Map();
      seen.set(stmt.group, groupSeen);
    }
    const dups = stmt.bindings.filter((b) => groupSeen.has(b.key));
    const register = (owner: State, keys: readonly string[]): void => {
      for (const key of keys) if (!groupSeen.has(key)) groupSeen.set(key, owner);
    };
    if (dups.length === 0) {
      register(state, stmt.bindings.map((b) => b.key));
      continue;
    }
    const first = groupSeen.get(dups[0]?.key ?? '');
    const finding = (action: DedupeAction, reason: string | null = null): DuplicateImport => ({
      line: stmt.line,
      firstLine: first?.stmt.line ?? stmt.line,
      module: stmt.module,
      names: dups.map((b) => b.key),
      action,
      reason,
    });
    if (!canEdit || !stmt.editable) {
      findings.push(finding('reported', canEdit ? 'statement layout not understood' : 'the file does not parse cleanly'));
      register(state, stmt.bindings.map((b) => b.key));
      continue;
    }
    const remaining = stmt.bindings.filter((b) => !groupSeen.has(b.key));
    if (remaining.length === 0) {
      state.removed = true;
      findings.push(finding('removed'));
      continue;
    }
    const dupOutsideList = dups.filter((b) => b.listItem === null);
    const canDropDefault =
      lang !== 'python' &&
      lang !== 'rust' &&
      stmt.list !== null &&
      dupOutsideList.length === 1 &&
      dupOutsideList[0]?.key.startsWith('default ') === true &&
      DEFAULT_BEFORE_LIST.test(stmt.entity.text.slice(stmt.stmtOffset, stmt.list.start));
    if (!stmt.list || remaining.some((b) => b.listItem === null) || (dupOutsideList.length > 0 && !canDropDefault)) {
      findings.push(finding('reported', 'only part of the statement is a duplicate and it has no list to trim'));
      register(state, remaining.map((b) => b.key));
      continue;
    }
    const keep = remaining.map((b) => b.listItem).filter((item): item is string => item !== null);
    const target = mergeTarget(text, states, state, entities);
    if (target) {
      target.items = [...(target.items ?? target.stmt.list?.items ?? []), ...keep];
      state.removed = true;
      findings.push({ ...finding('merged'), firstLine: target.stmt.line });
      register(target, remaining.map((b) => b.key));
      continue;
    }
    state.items = keep;
    state.dropDefault = canDropDefault;
    findings.push(finding('trimmed'));
    register(state, remaining.map((b) => b.key));
  }
  return findings;
}

/**
 * An earlier statement of the same group and shape whose list can take the later one's items. Only when nothing
 * but imports, comments and blank lines separates them: moving a binding above other code could change what runs
 * first (Python executes imports in order).
 */
function mergeTarget(text: string, states: readonly State[], later: State, entities: readonly Entity[]): State | null {
  for (const candidate of states) {
    if (candidate === later) break;
    const { stmt } = candidate;
    if (candidate.removed || candidate.dropDefault || stmt.group !== later.stmt.group || stmt.frame === null || stmt.frame !== later.stmt.frame) continue;
    if (!stmt.editable) continue;
    if (onlyImportsBetween(text, entities, stmt.entity.endByte, later.stmt.entity.startByte)) return candidate;
  }
  return null;
}

function onlyImportsBetween(text: string, entities: readonly Entity[], from: number, to: number): boolean {
  let gap = '';
  let at = from;
  for (const e of entities) {
    if (e.endByte <= from || e.startByte >= to) continue;
    if (e.kind !== 'import') return false;
    gap += text.slice(at, e.startByte);
    at = e.endByte;
  }
  gap += text.slice(at, to);
  return gap.split('\n').every((line) => /^\s*(?:$|\/\/|#(?!\[)|\/\*|\*)/.test(line));
}

function renderList(content: string, items: readonly string[]): string {
  const leading = /^\s*/.exec(content)?.[0] ?? '';
  const trailing = /\s*$/.exec(content)?.[0] ?? '';
  const trailingComma = content.trim().endsWith(',');
  const indent = leading.slice(leading.lastIndexOf('\n') + 1);
  const joined = content.includes('\n') ? items.join(`,\n${indent}`) : items.join(', ');
  return `${leading}${joined}${trailingComma ? ',' : ''}${trailing}`;
}

function render(text: string, states: readonly State[]): string {
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (const { stmt, items, dropDefault, removed } of states) {
    const base = stmt.entity.startByte;
    if (removed) {
      edits.push({ start: base + stmt.stmtOffset, end: stmt.entity.endByte, replacement: '' });
      continue;
    }
    const list = stmt.list;
    if (!list) continue;
    if (dropDefault) {
      const prefix = stmt.entity.text.slice(stmt.stmtOffset, list.start);
      edits.push({ start: base + stmt.stmtOffset, end: base + list.start, replacement: prefix.replace(DEFAULT_BEFORE_LIST, '$1$2') });
    }
    if (items) edits.push({ start: base + list.start, end: base + list.end, replacement: renderList(stmt.entity.text.slice(list.start, list.end), items) });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.replacement + out.slice(edit.end);
  return out;
}

/** null when the new text parses and binds exactly the names the old one did, with fewer duplicates. */
async function verify(before: string, after: string, lang: LanguageId): Promise<string | null> {
  const count = async (text: string): Promise<{ keys: Set<string>; total: number; errors: boolean }> => {
    const parsed = await extractEntities(text, lang);
    const keys = new Set<string>();
    let total = 0;
    for (const e of parsed.entities) {
      if (e.kind !== 'import') continue;
      const stmt = modelImport(e, lang);
      for (const b of stmt.bindings) {
        keys.add(`${stmt.group}\u0000${b.key}`);
        total += 1;
      }
    }
    return { keys, total, errors: parsed.hasErrors || parsed.problems.length > 0 };
  };
  const [a, b] = await Promise.all([count(before), count(after)]);
  if (b.errors) return 'the de-duplicated file did not parse';
  if (a.keys.size !== b.keys.size || [...a.keys].some((k) => !b.keys.has(k))) return 'de-duplicating would change which names are imported';
  if (b.total >= a.total) return 'de-duplicating removed nothing';
  return null;
}
