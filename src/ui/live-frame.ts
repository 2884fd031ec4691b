/**
 * Draws a block of lines at the bottom of a terminal and redraws it in place: each frame erases the previous
 * one (cursor up over its lines, erase to the end of the screen) and writes the new one. Lines are cut to the
 * terminal width, because a wrapped line would take two rows and the next erase would miss one; a frame taller
 * than the terminal keeps its first and last lines, because rows scrolled off the screen cannot be erased.
 * While the frame is drawn on process.stdout, writes to process.stderr (the interrupt notice, a library's
 * warning) would land inside it and be torn by the next redraw: the frame is erased before each such write
 * and drawn again below it on the next redraw.
 */
import { truncateVisible, visibleWidth } from './ansi.js';

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const ERASE_DOWN = '\u001b[J';
const LINE_START = '\u001b[G';

/** A line of the frame: `prefix` (a coloured icon, an indent) is kept whole, `text` is cut to what fits. */
export interface FrameLine {
  prefix: string;
  text: string;
}

type WriteCallback = (error?: Error | null) => void;

interface Terminal {
  write(chunk: string): unknown;
  columns?: unknown;
  rows?: unknown;
}

function dimension(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export class LiveFrame {
  readonly #stream: NodeJS.WritableStream & Terminal;
  /** Rows the frame on screen takes (0: nothing drawn, or erased). */
  #height = 0;
  #shown: string | null = null;
  #started = false;
  #restoreStderr: (() => void) | null = null;

  constructor(stream: NodeJS.WritableStream & Terminal) {
    this.#stream = stream;
  }

  /** Replaces the frame on screen with `lines` (nothing is written when they are unchanged). */
  draw(lines: readonly FrameLine[]): void {
    const rows = dimension(this.#stream.rows, 24);
    const fitted = lines.length < rows ? lines : [...lines.slice(0, rows - 3), { prefix: '', text: `… ${lines.length - rows + 2} more lines` }, ...lines.slice(-1)];
    const text = this.#render(fitted);
    if (text === this.#shown && this.#height > 0) return;
    if (!this.#started) {
      this.#started = true;
      this.#stream.write(HIDE_CURSOR);
      this.#adoptStderr();
    }
    this.#stream.write(`${this.#erase()}${text}`);
    this.#shown = text;
    this.#height = fitted.length;
  }

  /** Draws `lines` one last time, whole (they stay on screen and scroll with later output), and shows the cursor. */
  finish(lines: readonly FrameLine[]): void {
    this.#restoreStderr?.();
    this.#restoreStderr = null;
    this.#stream.write(`${this.#erase()}${this.#render(lines)}${SHOW_CURSOR}`);
    this.#height = 0;
    this.#shown = null;
  }

  #render(lines: readonly FrameLine[]): string {
    const columns = dimension(this.#stream.columns, 80);
    return lines.map(({ prefix, text }) => `${prefix}${truncateVisible(text, columns - visibleWidth(prefix))}\n`).join('');
  }

  #erase(): string {
    // To the line's start first: the terminal may have echoed something (^C) after the frame.
    return `${LINE_START}${this.#height > 0 ? `\u001b[${this.#height}A` : ''}${ERASE_DOWN}`;
  }

  #clear(): void {
    if (this.#height === 0) return;
    this.#stream.write(this.#erase());
    this.#height = 0;
  }

  #adoptStderr(): void {
    if (this.#stream !== process.stdout) return;
    const stderr = process.stderr;
    const original = stderr.write;
    const write = original.bind(stderr);
    stderr.write = (chunk: Uint8Array | string, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean => {
      this.#clear();
      if (typeof encodingOrCallback === 'function') return write(chunk, encodingOrCallback);
      return write(chunk, encodingOrCallback, callback);
    };
    this.#restoreStderr = () => {
      stderr.write = original;
    };
  }
}
