import { execa, type ResultPromise } from 'execa';
import { ByteQueue } from './byte-queue.js';

/**
 * Reads one answer from the front of `buffer`: the value and how many bytes
 * it took, or null while the answer is incomplete.
 */
export type AnswerParser<T> = (buffer: Buffer) => { value: T; consumed: number } | null;

const STREAM_OPTIONS = { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false } as const;

/**
 * One long-lived git process that answers requests on stdin one at a time
 * (`cat-file --batch`, `hash-object --stdin-paths`, `mktree --batch`): one
 * spawn for a whole run instead of one per request. If the process dies, the
 * request in flight and every later one fail; callers fall back to one-shot
 * commands.
 */
export class GitStream {
  readonly #child: ResultPromise<typeof STREAM_OPTIONS>;
  readonly #received = new ByteQueue();
  #queue: Promise<unknown> = Promise.resolve();
  #waiting: (() => void) | null = null;
  #dead: Error | null = null;
  #stderr = '';

  constructor(
    readonly args: readonly string[],
    cwd: string,
  ) {
    this.#child = execa('git', [...args], { ...STREAM_OPTIONS, cwd, env: { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } });
    this.#child.stdout.on('data', (chunk: Buffer) => {
      this.#received.push(chunk);
      this.#waiting?.();
    });
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-2000);
    });
    const died = (): void => {
      this.#dead ??= new Error(`git ${args.join(' ')} stopped${this.#stderr.trim() ? `: ${this.#stderr.trim()}` : ''}`);
      this.#waiting?.();
    };
    this.#child.on('exit', died);
    this.#child.on('error', died);
    // An idle stream must not keep the process alive.
    this.#child.unref();
  }

  /** Sends `input` and resolves with the parsed answer; requests are answered in order. */
  request<T>(input: string | Buffer, parse: AnswerParser<T>): Promise<T> {
    const run = this.#queue.then(() => this.#exchange(input, parse));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #exchange<T>(input: string | Buffer, parse: AnswerParser<T>): Promise<T> {
    if (this.#dead) throw this.#dead;
    this.#child.ref();
    try {
      this.#child.stdin.write(input);
      for (;;) {
        const answer = parse(this.#received.view());
        if (answer) {
          this.#received.consume(answer.consumed);
          return answer.value;
        }
        if (this.#dead) throw this.#dead;
        await new Promise<void>((resolve) => {
          this.#waiting = resolve;
        });
        this.#waiting = null;
      }
    } finally {
      this.#child.unref();
    }
  }

  /** Ends the process (its stdin closes; git exits). */
  async close(): Promise<void> {
    // Held until git has exited, or the process could end with the close still pending.
    this.#child.ref();
    this.#child.stdin.end();
    await this.#child;
  }
}

/** An answer that is one line (up to `\n`), without the newline. */
export function lineAnswer(buffer: Buffer): { value: string; consumed: number } | null {
  const end = buffer.indexOf(10);
  return end === -1 ? null : { value: buffer.subarray(0, end).toString('utf8'), consumed: end + 1 };
}
