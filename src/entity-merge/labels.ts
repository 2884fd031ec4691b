import type { Entity } from '../analysis/types.js';

/** Human label of an entity in conflict descriptions: "method Cart.total", "impl Display for Foo". */
export function entityLabel(e: Entity): string {
  if (e.anonymous) return e.kind === 'variable' ? 'const _' : `anonymous ${e.kind}`;
  if (e.kind === 'impl') return `impl ${e.qualifiedName}`;
  if (e.kind === 'import') return `import ${e.imports?.source ?? e.name}`;
  return `${e.kind} ${e.qualifiedName}`;
}
