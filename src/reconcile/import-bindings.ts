import { extractEntities, languageForPath } from '../analysis/index.js';

/**
 * Local names a file's top-level imports bind → the module each comes from, as written. Used to blame the story
 * that changed the module an erroneous name comes from. Unsupported or unparsable files give an empty map.
 */
export async function importBindings(path: string, text: string): Promise<Map<string, string>> {
  const lang = languageForPath(path);
  const map = new Map<string, string>();
  if (!lang) return map;
  const { entities } = await extractEntities(text, lang);
  for (const entity of entities) {
    const info = entity.imports;
    if (entity.kind !== 'import' || !info) continue;
    if (lang === 'python' && entity.name.startsWith('import ')) {
      // `import numpy as np, os.path`: each item binds its own module.
      for (const item of info.source.split(/\s*,\s*/)) {
        const [module, alias] = item.split(/\s+as\s+/);
        if (module) map.set(alias ?? module.split('.')[0] ?? module, module);
      }
      continue;
    }
    for (const name of info.names) map.set(name, info.source);
  }
  return map;
}
