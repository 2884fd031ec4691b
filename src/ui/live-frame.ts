/**
 * Draws a block of lines at the bottom of a terminal and redraws it in place: each frame erases the previous
 * one (cursor up over its lines, erasing each) and writes the new one. Lines are cut to the
 * terminal width, because a wrapped line would take two rows and the next erase would miss one. A frame taller
 * than the terminal is folded to fit, because rows scrolled off the screen cannot be erased: settled lines
 * (finished rows) fold first, oldest first, then the middle of the frame.
 * While the frame is drawn on process.stdout, writes to process.stderr (the interrupt notice, a library's
 * warning) would land inside it and be torn by the next redraw: the frame is erased before each such write
 * and drawn again below it on the next redraw.
 */
import { truncateVisible, visibleWidth } from './ansi.js';

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const ERASE_LINE = '\u001b[2K';
const UP = '\u001b[1A';
const LINE_START = '\u001b[G';

/** A line of the frame: `prefix` (a coloured icon, an indent) is kept whole, `text` is cut to what fits. */
export interface FrameLine {
  prefix: string;
  text: string;
  /** Nothing on it will change (a finished row): the first to fold when the frame is too tall. */
  settled?: boolean;
}

/** `lines` in at most `room` lines (room ≥ 3): settled lines fold into one, oldest first, then the middle. */
export function fitFrame(lines: readonly FrameLine[], room: number): readonly FrameLine[] {
  if (lines.length <= room) return lines;
  const settled = lines.filter((l) => l.settled).length;
  // One line says how many folded; folding a single line would gain nothing.
  const fold = Math.min(settled, lines.length - room + 1);
  let fitted: readonly FrameLine[] = lines;
  if (fold > 1) {
    const at = lines.findIndex((l) => l.settled);
    let left = fold;
    const kept = lines.filter((l) => !(l.settled && left-- > 0));
    fitted = [...kept.slice(0, at), { prefix: '', text: `… ${fold} finished rows` }, ...kept.slice(at)];
  }
  if (fitted.length <= room) return fitted;
  const hidden = fitted.length - room + 1;
  return [...fitted.slice(0, room - 2), { prefix: '', text: `… ${hidden} more lines` }, ...fitted.slice(-1)];
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
    // One row stays free for the cursor below the frame.
    const fitted = fitFrame(lines, Math.max(3, dimension(this.#stream.rows, 24) - 1));
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

  /**
   * Clears the line under the frame (the terminal may have echoed ^C there), then each line of the frame from
   * the bottom up. Line by line rather than "erase to the end of the screen": tmux moves a screen erased that
   * way from its top into the scrollback, leaving a copy of a full-height frame there on every redraw.
   */
  #erase(): string {
    return `${LINE_START}${ERASE_LINE}${`${UP}${ERASE_LINE}`.repeat(this.#height)}`;
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
