/** Shared types of the entity extraction (pure data; no tree-sitter objects escape this module). */

export type LanguageId = 'typescript' | 'tsx' | 'javascript' | 'python' | 'rust';

export type EntityKind =
  | 'function'
  | 'class'
  | 'method'
  | 'interface'
  | 'type'
  | 'enum'
  | 'struct'
  | 'trait'
  | 'impl'
  | 'module'
  | 'variable'
  | 'import'
  | 'field'
  | 'macro'
  /** Rust crate/module attributes: `#![feature(...)]`. */
  | 'attribute'
  /** A re-export from another module: `export { a } from './a'`, `export * from './b'`. */
  | 'export'
  /** A module-level call statement made once (Python `setup(...)`). */
  | 'call'
  /** JS test registrations: `describe(...)` (a container), `it(...)` / `test(...)`, `beforeEach(...)` and kin. */
  | 'suite'
  | 'test'
  | 'hook';

/**
 * Namespaces in which a name must be unique. TS lets `interface Foo` and `const Foo` coexist, Rust has separate
 * type/value/macro namespaces, so the family is part of an entity's key.
 */
export type EntityFamily = 'value' | 'type' | 'module' | 'impl' | 'macro' | 'import';

/** The specifier list of an import statement (`{ a, b }`, `(a, b)`, Rust `{A, B}`), offsets relative to Entity.text. */
export interface SpecifierList {
  /** Offset of the list content (just after `{` / `(`, or the first name when unparenthesised). */
  start: number;
  /** Offset just past the list content (just before `}` / `)`, or after the last name). */
  end: number;
  /** Each specifier's source text, whitespace-normalised, in source order. */
  items: string[];
}

export interface ImportInfo {
  /** Module the statement imports from (`react`, `os.path`, `std::collections`). */
  source: string;
  /** Local names the statement binds (aliases win over original names). */
  names: string[];
  /** Present when the statement has a mergeable list of named specifiers. */
  specifiers: SpecifierList | null;
}

export interface Entity {
  /** `family:name#ordinal`, prefixed by the parent's key and `/` for members. Unique within one version. */
  key: string;
  kind: EntityKind;
  family: EntityFamily;
  name: string;
  /** `Class.method`, `Foo::bar` for impl items, `mod::fn` for module items. */
  qualifiedName: string;
  parentKey: string | null;
  /** Same-key siblings before this one, in source order (0 for the first). */
  ordinal: number;
  /**
   * Offsets of the whole-line span in the JS string (UTF-16 code units, which is what web-tree-sitter reports).
   * The span covers attached leading comments, decorators and attributes, and ends after the final newline.
   */
  startByte: number;
  endByte: number;
  /** 1-based, inclusive, whole lines. */
  startLine: number;
  endLine: number;
  text: string;
  /** sha1 of the text with runs of whitespace collapsed (informational: the merge compares exact text). */
  hash: string;
  /**
   * True when the position among siblings is meaningful: fields with initialisers, Python class attributes,
   * Rust struct fields, side-effect imports, top-level bindings with non-literal initialisers.
   */
  ordered: boolean;
  /** True when the entity's members were extracted and it can be merged member by member. */
  container: boolean;
  children: Entity[];
  /**
   * Items without a name (Rust `const _: () = ...`): keyed by their content, so an edited copy gets a new key. The
   * merge pairs them across versions itself (entity-merge/anonymous.ts) rather than trusting the key.
   */
  anonymous?: boolean;
  imports?: ImportInfo;
  /**
   * Functions and methods only (absent on every other kind): what callers compile against, as opposed to the body
   * they run. The text before the body — attached decorators/attributes as the span has them, modifiers, name,
   * type parameters, parameters, return type; for a folded group (overloads, get/set pairs) everything up to the
   * last one's body — with comments removed and whitespace runs collapsed. Null when there is no separable body (bodiless declarations, method and overload signatures)
   * or the body is part of the interface (a TypeScript function without a return annotation, constructors aside).
   */
  signature?: string | null;
}

export interface ExtractResult {
  entities: Entity[];
  /** The parse tree contains ERROR or MISSING nodes. */
  hasErrors: boolean;
  /**
   * Layout problems that make line-based entity slicing unsafe at top level (e.g. two entities on one line).
   * A container whose members have such problems is demoted to a leaf instead of being reported here.
   */
  problems: string[];
}
