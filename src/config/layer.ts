import type { SettingKey, SettingSource, Settings } from './types.js';

/** Settings from one source (rc, prd, CLI); weights may be given in part. */
export type SettingsLayer = Partial<Omit<Settings, 'weights'>> & { weights?: Partial<Settings['weights']> };

/**
 * Lay one source over the values so far, recording it as the source of every
 * key it sets. `undefined` means "not given" (yargs leaves unset flags so).
 */
export function applyLayer(
  values: Settings,
  sources: Record<SettingKey, SettingSource>,
  layer: SettingsLayer,
  source: SettingSource,
): void {
  const target = values as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined || !Object.hasOwn(values, key)) continue;
    if (key === 'weights') {
      const weights = value as Partial<Settings['weights']>;
      values.weights = {
        files: weights.files ?? values.weights.files,
        similarity: weights.similarity ?? values.weights.similarity,
      };
    } else {
      target[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
    sources[key as SettingKey] = source;
  }
}
