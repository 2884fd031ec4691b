import type { SettingKey, SettingSource, Settings } from './types.js';

/** Settings from one source (rc, prd, CLI); weights may be given in part. */
export type SettingsLayer = Partial<Omit<Settings, 'weights'>> & { weights?: Partial<Settings['weights']> };

function isSettingKey(values: Settings, key: string): key is SettingKey {
  return Object.hasOwn(values, key);
}

/** One key from the layer, copied so the layer's arrays are not shared with the settings. */
function setFromLayer<K extends Exclude<SettingKey, 'weights'>>(values: Settings, layer: Partial<Pick<Settings, K>>, key: K): void {
  const value = layer[key];
  if (value !== undefined) values[key] = structuredClone(value);
}

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
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined || !isSettingKey(values, key)) continue;
    if (key === 'weights') {
      values.weights = {
        files: layer.weights?.files ?? values.weights.files,
        similarity: layer.weights?.similarity ?? values.weights.similarity,
      };
    } else {
      setFromLayer(values, layer, key);
    }
    sources[key] = source;
  }
}
