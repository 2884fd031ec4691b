import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execaNode, type ResultPromise } from 'execa';
import { isGitHostResponse, type GitHostRequest, type GitHostResponse } from './protocol.js';

const HOST_OPTIONS = {
  ipc: true,
  serialization: 'json',
  stdin: 'ignore',
  stdout: 'ignore',
  stderr: 'inherit',
  reject: false,
  // A small young generation keeps the host's resident size, hence its own fork() cost, low.
  nodeOptions: ['--max-semi-space-size=1'],
} as const;

/** The compiled host program beside this module (absent when running from TypeScript sources). */
export function defaultHostScript(): string {
  return fileURLToPath(new URL('./host-process.js', import.meta.url));
}

type Pending = { resolve: (response: GitHostResponse) => void; reject: (error: Error) => void };

/**
 * Client side of the git host (see host-process.ts for why it exists).
 * Launching does not wait: until the host says it is ready, `ready` is false
 * and callers run git themselves. If the host dies, requests in flight fail
 * and later ones go back to running git directly.
 */
export class GitHost {
  #ready = false;
  #closed = false;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #drained: (() => void) | null = null;
  readonly #child: ResultPromise<typeof HOST_OPTIONS>;

  private constructor(script: string) {
    this.#child = execaNode(script, [], HOST_OPTIONS);
    this.#child.on('message', (message: unknown) => this.#receive(message));
    const gone = (): void => this.#fail(new Error('the git host process exited'));
    this.#child.on('exit', gone);
    this.#child.on('error', gone);
    // Idle, the host must not keep the orchestrator alive; busy, it must.
    this.#unref();
  }

  /** Starts a host, or returns null when its program is not there (e.g. under ts sources). */
  static launch(script: string = defaultHostScript()): GitHost | null {
    if (!existsSync(script)) return null;
    return new GitHost(script);
  }

  /** The host's process id (while it runs). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  get ready(): boolean {
    return this.#ready && !this.#closed;
  }

  run(request: Omit<GitHostRequest, 'id'>): Promise<GitHostResponse> {
    if (!this.ready) return Promise.reject(new Error('the git host is not running'));
    const id = this.#nextId++;
    return new Promise<GitHostResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#ref();
      this.#child.send({ id, ...request }, (error) => {
        if (error) this.#settle(id, (p) => p.reject(error));
      });
    });
  }

  /** Stops the host once the requests in flight are answered. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Every request in flight settles: answered, or failed when the host exits.
    if (this.#pending.size > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    // Held until the host is gone, or the process could exit with the close still pending.
    this.#child.ref();
    if (this.#child.connected) this.#child.disconnect();
    await this.#child;
  }

  #receive(message: unknown): void {
    if (typeof message === 'object' && message !== null && (message as { ready?: unknown }).ready === true) {
      this.#ready = true;
      return;
    }
    if (!isGitHostResponse(message)) return;
    this.#settle(message.id, (p) => p.resolve(message));
  }

  #settle(id: number, action: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (this.#pending.size === 0) {
      this.#unref();
      this.#drained?.();
      this.#drained = null;
    }
    action(pending);
  }

  #fail(error: Error): void {
    this.#ready = false;
    this.#closed = true;
    for (const [id] of this.#pending) this.#settle(id, (p) => p.reject(error));
  }

  #ref(): void {
    this.#child.ref();
    this.#child.channel?.ref();
  }

  #unref(): void {
    this.#child.unref();
    this.#child.channel?.unref();
  }
}
