import type { Embedder, EmbedderKind } from './embedder.js';
import { LexicalEmbedder, type LexicalOptions } from './lexical.js';
import { ModelEmbedder, type TransformersModule } from './model.js';
import { WordVectorEmbedder, type WordVectorOptions } from './word-vectors/embedder.js';

export interface EmbedderOptions {
  /** For `model`: a local model directory (see ModelEmbedder). */
  modelPath?: string | null;
  lexical?: Partial<LexicalOptions>;
  /** For `word-vectors`: another vectors file, weighting… (see WordVectorEmbedder). */
  wordVectors?: Partial<WordVectorOptions>;
  /** For `model`: how to import transformers.js (tests inject a fake; default: dynamic import). */
  loadTransformers?: () => Promise<TransformersModule>;
}

/**
 * The embedder for a `--embedder` setting. Building is cheap: nothing heavy
 * is loaded until the first `embed`. Throws EmbedderUnavailableError when the
 * configuration rules it out (no modelPath, optional package missing); the
 * embedder's `embed` throws it when loading fails. See embedStoriesWithFallback
 * for what happens then.
 */
export function createEmbedder(kind: EmbedderKind, options: EmbedderOptions = {}): Embedder {
  switch (kind) {
    case 'lexical':
      return new LexicalEmbedder(options.lexical);
    case 'word-vectors':
      return new WordVectorEmbedder(options.wordVectors);
    case 'model':
      return options.loadTransformers === undefined
        ? new ModelEmbedder(options.modelPath)
        : new ModelEmbedder(options.modelPath, options.loadTransformers);
  }
}
