import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Append-only log file written synchronously in small batches: synchronous
 * writes give natural back-pressure (a flood cannot pile up in memory) and the
 * periodic flush keeps `tail -f` on the log close to live.
 */
export class LogSink {
  private fd: number | null;
  private buffer = '';
  private readonly timer: NodeJS.Timeout;

  constructor(path: string, private readonly batchChars = 16 * 1024, flushEveryMs = 250) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
    this.timer = setInterval(() => this.flush(), flushEveryMs);
    this.timer.unref();
  }

  write(text: string): void {
    if (this.fd === null) return;
    this.buffer += text;
    if (this.buffer.length >= this.batchChars) this.flush();
  }

  flush(): void {
    if (this.fd === null || this.buffer === '') return;
    const data = this.buffer;
    this.buffer = '';
    writeSync(this.fd, data);
  }

  close(): void {
    clearInterval(this.timer);
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }
}
