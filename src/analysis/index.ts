export type { Entity, EntityFamily, EntityKind, ExtractResult, ImportInfo, LanguageId, SpecifierList } from './types.js';
export { extensionFor, languageForPath, loadLanguage, parseSource } from './languages.js';
export { extractEntities, extractFromTree, flattenEntities } from './extract.js';
export { references } from './references.js';
