import { compileSchema, type SchemaCheck } from '../prd/compile-schema.js';
import { formatFieldPath } from '../prd/describe-ajv-error.js';
import { isRecord } from '../prd/is-record.js';
import { InputError } from '../util/errors.js';
import type { SettingsLayer } from './layer.js';
import { SETTING_SPECS, type SettingSpec } from './setting-specs.js';

/**
 * The rc file groups settings for readability (`parallel.maxConcurrency`,
 * `worktree.copy`, …). This checks an rc object against the grouped shape and
 * flattens it into a settings layer; every problem is reported at once,
 * each line naming the rc file and the key.
 */
export function rcToLayer(config: unknown, rcFile: string): SettingsLayer {
  if (!isRecord(config)) {
    throw new InputError(`${rcFile}: must be a map of settings, got ${describeKind(config)}`);
  }
  const normalised = normaliseValues(config);
  checkRc ??= compileSchema(buildRcSchema());
  const problems = new Set<string>();
  for (const { path, reason } of checkRc(normalised)) {
    const dotted = formatFieldPath(path);
    const spec = SETTING_SPECS.find((candidate) => dotted === candidate.rcPath || dotted.startsWith(`${candidate.rcPath}.`));
    if (spec?.rule !== undefined && dotted === spec.rcPath) {
      problems.add(`key "${dotted}": must be ${spec.rule}, got ${JSON.stringify(valueAt(config, path))}`);
    } else if (reason === 'is not a known key') {
      problems.add(`key "${dotted}": ${reason}${suggestionFor(path)}`);
    } else {
      problems.add(`key "${dotted}": ${reason}`);
    }
  }
  if (problems.size > 0) {
    throw new InputError([...problems].map((problem) => `${rcFile}: ${problem}`).join('\n'));
  }
  const layer: Record<string, unknown> = {};
  for (const spec of SETTING_SPECS) {
    const value = valueAt(normalised, spec.rcPath.split('.'));
    if (value !== undefined) layer[spec.key] = value;
  }
  return layer as SettingsLayer;
}

let checkRc: SchemaCheck | null = null;

/** The grouped rc shape, built from the setting table. Unknown keys are typos. */
export function buildRcSchema(): object {
  const root = groupSchema();
  for (const spec of SETTING_SPECS) {
    const segments = spec.rcPath.split('.');
    const leaf = segments.pop();
    if (leaf === undefined) continue;
    let group = root;
    for (const segment of segments) {
      const existing = group.properties[segment];
      if (existing !== undefined && 'properties' in existing) {
        group = existing as GroupSchema;
      } else {
        const created = groupSchema();
        group.properties[segment] = created;
        group = created;
      }
    }
    group.properties[leaf] = spec.rcSchema ?? spec.schema;
  }
  return root;
}

interface GroupSchema {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, object>;
}

function groupSchema(): GroupSchema {
  return { type: 'object', additionalProperties: false, properties: {} };
}

/** Apply each setting's synonym map (Rust vocabulary) without touching the caller's object. */
function normaliseValues(config: Record<string, unknown>): Record<string, unknown> {
  let result = config;
  for (const spec of SETTING_SPECS) {
    if (spec.normalise === undefined) continue;
    const path = spec.rcPath.split('.');
    const value = valueAt(result, path);
    if (value !== undefined) result = withValueAt(result, path, normaliseWith(spec, value));
  }
  return result;
}

function normaliseWith(spec: SettingSpec, value: unknown): unknown {
  return spec.normalise === undefined ? value : spec.normalise(value);
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (isRecord(current)) current = current[String(segment)];
    else if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else return undefined;
  }
  return current;
}

function withValueAt(root: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const inner = root[head];
  const next = rest.length === 0 ? value : isRecord(inner) ? withValueAt(inner, rest, value) : inner;
  return { ...root, [head]: next };
}

/** `maxConcurrency` at the top level → `did you mean "parallel.maxConcurrency"?` */
function suggestionFor(path: ReadonlyArray<string | number>): string {
  const name = String(path[path.length - 1]);
  const dotted = formatFieldPath(path);
  const match = SETTING_SPECS.find(
    (spec) => spec.rcPath !== dotted && (spec.key === name || spec.rcPath.split('.').pop() === name),
  );
  return match === undefined ? '' : `; did you mean "${match.rcPath}"?`;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the text ${JSON.stringify(value)}` : `a ${typeof value}`;
}
