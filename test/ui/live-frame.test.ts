import { stripAnsi, visibleWidth } from '../../src/ui/ansi.js';
import { fitFrame, LiveFrame, type FrameLine } from '../../src/ui/live-frame.js';
import { CaptureStream } from './helpers.js';

const line = (text: string) => ({ prefix: '- ', text });

function setup(columns = 40, rows = 10): { stream: CaptureStream; frame: LiveFrame } {
  const stream = new CaptureStream({ tty: true });
  stream.columns = columns;
  stream.rows = rows;
  return { stream, frame: new LiveFrame(stream) };
}

/** The text written since `mark`. */
const since = (stream: CaptureStream, mark: number): string => stream.text.slice(mark);

describe('LiveFrame', () => {
  it('hides the cursor, then replaces each frame by moving up over exactly its lines', () => {
    const { stream, frame } = setup();
    frame.draw([line('one'), line('two')]);
    expect(stream.text.startsWith('\u001b[?25l')).toBe(true);
    expect(stripAnsi(stream.text)).toBe('- one\n- two\n');
    const mark = stream.text.length;
    frame.draw([line('one'), line('two'), line('three')]);
    expect(since(stream, mark)).toBe(`\u001b[G\u001b[2K${'\u001b[1A\u001b[2K'.repeat(2)}- one\n- two\n- three\n`);
    const next = stream.text.length;
    frame.draw([line('one')]);
    expect(since(stream, next).startsWith(`\u001b[G\u001b[2K${'\u001b[1A\u001b[2K'.repeat(3)}- one`)).toBe(true);
  });

  it('writes nothing when the frame did not change', () => {
    const { stream, frame } = setup();
    frame.draw([line('same')]);
    const mark = stream.text.length;
    frame.draw([line('same')]);
    expect(since(stream, mark)).toBe('');
  });

  it('cuts every line to the terminal width, so none wraps and the erase count stays right', () => {
    const { stream, frame } = setup(20);
    frame.draw([line('US-1 日本語のタイトルを追加する · agent running'), line('plain and much too long for twenty columns')]);
    const lines = stripAnsi(stream.text).split('\n').filter((l) => l !== '');
    expect(lines).toEqual(['- US-1 日本語のタイ…', '- plain and much to…']);
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(20);
  });

  it('keeps a live frame shorter than the terminal; the final frame is drawn whole', () => {
    const { stream, frame } = setup(40, 6);
    const many = Array.from({ length: 12 }, (_, i) => line(`row ${i + 1}`));
    frame.draw(many);
    const live = stripAnsi(stream.text).split('\n').filter((l) => l !== '');
    expect(live).toEqual(['- row 1', '- row 2', '- row 3', '… 8 more lines', '- row 12']);
    const mark = stream.text.length;
    frame.finish(many);
    const final = since(stream, mark);
    expect(final.startsWith(`\u001b[G\u001b[2K${'\u001b[1A\u001b[2K'.repeat(5)}- row 1`)).toBe(true);
    expect(final.endsWith('\u001b[?25h')).toBe(true);
    expect(stripAnsi(final).split('\n').filter((l) => l !== '')).toHaveLength(12);
  });

  it('folds finished rows first, oldest first, so rows still running stay in view', () => {
    const done = (text: string): FrameLine => ({ prefix: '✔ ', text, settled: true });
    const frame = [line('header'), done('US-1'), done('US-2'), done('US-3'), line('US-4 running'), line('  activity'), line(''), line('notice')];
    expect(fitFrame(frame, 8)).toBe(frame);
    expect(fitFrame(frame, 6).map((l) => l.text)).toEqual(['header', '… 3 finished rows', 'US-4 running', '  activity', '', 'notice']);
    expect(fitFrame(frame, 7).map((l) => l.text)).toEqual(['header', '… 2 finished rows', 'US-3', 'US-4 running', '  activity', '', 'notice']);
    // Still too tall once every finished row is folded: the middle goes too.
    expect(fitFrame(frame, 4).map((l) => l.text)).toEqual(['header', '… 3 finished rows', '… 3 more lines', 'notice']);
  });
});
