import type { Prd } from '../prd/types.js';
import { compileSchema, type SchemaCheck } from '../prd/compile-schema.js';
import { InputError } from '../util/errors.js';
import { defaultSettings } from './defaults.js';
import { applyLayer } from './layer.js';
import { loadRc } from './load-rc.js';
import { PRD_FIELD_OF, prdParallelToLayer } from './prd-layer.js';
import { SETTING_SPECS, specFor } from './setting-specs.js';
import type { ResolvedSettings, SettingKey, SettingSource, Settings } from './types.js';

export interface ResolveInput {
  cwd: string;
  prd?: Prd | null;
  /** Values from CLI flags; undefined entries mean "flag not given". */
  cli: Partial<Settings>;
  /** An rc file named on the command line, instead of searching for one. */
  rcPath?: string;
}

/**
 * Combine the layers — defaults < rc file < prd.json `parallel` < CLI flags —
 * remembering where each value came from, then check the combined values so
 * a bad one is reported against the source that supplied it.
 */
export async function resolveSettings(input: ResolveInput): Promise<ResolvedSettings> {
  const values = defaultSettings();
  const sources = Object.fromEntries(
    Object.keys(values).map((key) => [key, 'default']),
  ) as Record<SettingKey, SettingSource>;
  const rc = await loadRc({ cwd: input.cwd, rcPath: input.rcPath });
  applyLayer(values, sources, rc.layer, 'rc');
  applyLayer(values, sources, prdParallelToLayer(input.prd?.parallel ?? undefined), 'prd');
  applyLayer(values, sources, input.cli, 'cli');
  const resolved: ResolvedSettings = { values, sources, rcPath: rc.path };
  checkResolvedSettings(resolved);
  return resolved;
}

let checkSettings: SchemaCheck | null = null;

/** Throw one InputError listing every combined value that is out of range, by source. */
export function checkResolvedSettings(resolved: ResolvedSettings): void {
  checkSettings ??= compileSchema({
    type: 'object',
    properties: Object.fromEntries(SETTING_SPECS.map((spec) => [spec.key, spec.schema])),
  });
  const problems = new Set<string>();
  for (const { path, reason } of checkSettings(resolved.values)) {
    const key = path[0];
    if (typeof key !== 'string' || !Object.hasOwn(resolved.sources, key)) {
      problems.add(`settings: ${reason}`);
      continue;
    }
    const spec = specFor(key as SettingKey);
    const value = resolved.values[key as SettingKey];
    const because = spec.rule !== undefined && path.length === 1 ? `must be ${spec.rule}` : reason;
    const inner = path.slice(1).map((segment) => `.${String(segment)}`).join('');
    const shown = path.length > 1 ? valueAtInner(value, path.slice(1)) : value;
    problems.add(`${origin(resolved, key as SettingKey)}${inner}: ${because}, got ${JSON.stringify(shown)}`);
  }
  if (problems.size > 0) throw new InputError([...problems].join('\n'));
}

function origin(resolved: ResolvedSettings, key: SettingKey): string {
  const spec = specFor(key);
  switch (resolved.sources[key]) {
    case 'cli':
      // Only settings with a flag can come from the command line.
      return spec.flag ?? key;
    case 'prd':
      return `prd.json ${PRD_FIELD_OF[key] ?? key}`;
    case 'rc':
      return `${resolved.rcPath ?? 'rc file'} ${spec.rcPath}`;
    case 'default':
      return `built-in default ${key}`;
  }
}

function valueAtInner(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const segment of path) {
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[String(segment)] : undefined;
  }
  return current;
}
