import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from './embedder.js';

export interface EmbeddingCacheStats {
  /** Texts served from disk. */
  hits: number;
  /** Texts not found on disk. */
  misses: number;
  /** Texts handed to the wrapped embedder. */
  embedded: number;
}

/**
 * An on-disk cache in front of an embedder, one small binary file per vector
 * (`<cacheDir>/embeddings/<embedder id>/<ab>/<sha256>.f32`, raw float32).
 *
 * Key = sha256(embedder id, text) — plus a hash of the whole batch when the
 * embedder is `corpusDependent` (TF-IDF: the same story gets another vector
 * once the PRD changes, so keying by text alone would serve stale vectors).
 * For such embedders any miss re-embeds the whole batch, since one vector
 * cannot be computed without the others. Entries are never evicted; the
 * caller may delete the directory at any time.
 */
export class CachedEmbedder implements Embedder {
  readonly id: string;
  readonly corpusDependent: boolean;
  readonly stats: EmbeddingCacheStats = { hits: 0, misses: 0, embedded: 0 };
  private readonly dir: string;

  constructor(
    private readonly inner: Embedder,
    cacheDir: string,
  ) {
    this.id = inner.id;
    this.corpusDependent = inner.corpusDependent === true;
    this.dir = join(cacheDir, 'embeddings', inner.id.replace(/[^A-Za-z0-9._-]/g, '_'));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const corpus = this.corpusDependent ? sha256(texts.join('\u0000')) : '';
    const keys = texts.map((text) => sha256(`${this.inner.id}\u0000${corpus}\u0000${text}`));
    const found = await Promise.all(keys.map((key) => this.read(key)));
    const missing = found.flatMap((vector, i) => (vector === null ? [i] : []));
    this.stats.hits += texts.length - missing.length;
    this.stats.misses += missing.length;
    if (missing.length === 0) return found as Float32Array[];

    const toEmbed = this.corpusDependent ? texts.map((_, i) => i) : missing;
    const fresh = await this.inner.embed(toEmbed.map((i) => texts[i] as string));
    this.stats.embedded += toEmbed.length;
    const result = [...found];
    toEmbed.forEach((i, k) => {
      result[i] = fresh[k] as Float32Array;
    });
    await Promise.all(missing.map((i) => this.write(keys[i] as string, result[i] as Float32Array)));
    return result as Float32Array[];
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.f32`);
  }

  private async read(key: string): Promise<Float32Array | null> {
    try {
      const bytes = await readFile(this.path(key));
      // A torn or foreign file is just a miss.
      if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
      const copy = new Uint8Array(bytes); // own, aligned buffer
      return new Float32Array(copy.buffer, 0, copy.length / 4);
    } catch {
      return null;
    }
  }

  /** Temp file + rename so readers never see half a vector; no fsync: losing an entry only costs a recompute. */
  private async write(key: string, vector: Float32Array): Promise<void> {
    const target = this.path(key);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
      await writeFile(temp, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
      await rename(temp, target);
    } catch {
      // A read-only or full cache dir must not fail the plan.
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
