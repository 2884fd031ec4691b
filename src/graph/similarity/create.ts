import { EmbedderUnavailableError, type Embedder, type EmbedderKind } from './embedder.js';
import { LexicalEmbedder, type LexicalOptions } from './lexical.js';

export interface EmbedderOptions {
  /** For `model`: path of the local model. */
  modelPath?: string | null;
  lexical?: Partial<LexicalOptions>;
}

/**
 * The embedder for a `--embedder` setting. Only the lexical one is built in;
 * the others throw EmbedderUnavailableError so the caller can fall back.
 */
export function createEmbedder(kind: EmbedderKind, options: EmbedderOptions = {}): Embedder {
  switch (kind) {
    case 'lexical':
      return new LexicalEmbedder(options.lexical);
    case 'word-vectors':
      throw new EmbedderUnavailableError(kind, 'the word-vectors embedder is not available in this build; use --embedder lexical');
    case 'model':
      throw new EmbedderUnavailableError(
        kind,
        `the model embedder is not available in this build${options.modelPath ? ` (model path ${options.modelPath})` : ''}; use --embedder lexical`,
      );
  }
}
