import { EventBus } from '../../src/events/bus.js';
import { stripAnsi } from '../../src/ui/ansi.js';
import { attachUi, resolveUiMode } from '../../src/ui/attach.js';
import { CaptureStream, FakeClock, parallelScript, play, sequentialScript } from './helpers.js';

describe('resolveUiMode', () => {
  const tty = new CaptureStream({ tty: true });
  const pipe = new CaptureStream();

  it.each([
    ['a terminal outside CI', tty, {}, 'tty'],
    ['a terminal with CI=true', tty, { CI: 'true' }, 'lines'],
    ['a terminal with CI=1', tty, { CI: '1' }, 'lines'],
    ['a terminal with CI=false', tty, { CI: 'false' }, 'tty'],
    ['a terminal with CI empty', tty, { CI: '' }, 'tty'],
    ['a pipe', pipe, {}, 'lines'],
  ] as const)('auto on %s → %s', (_name, stream, env, expected) => {
    expect(resolveUiMode('auto', stream, env)).toBe(expected);
  });

  it('keeps an explicit mode whatever the stream', () => {
    expect(resolveUiMode('tty', pipe, { CI: 'true' })).toBe('tty');
    expect(resolveUiMode('lines', tty, {})).toBe('lines');
    expect(resolveUiMode('json', tty, {})).toBe('json');
  });
});

describe('attachUi', () => {
  it('auto on a pipe writes plain lines and the summary on close', async () => {
    const bus = new EventBus();
    const stream = new CaptureStream();
    const clock = new FakeClock();
    const ui = attachUi(bus, { mode: 'auto', stream, env: {}, now: clock.now });
    expect(ui.mode).toBe('lines');
    play(sequentialScript, clock, (e) => bus.emit(e));
    await ui.close();
    expect(stream.text).toMatch(/^\[00:00\] run run-seq started: sequential/);
    expect(stream.text).toContain('[00:08] US-001 done in 1m 05s 4f2a9c1');
    expect(stream.text).toContain('\nralph-wt summary\n');
    expect(stream.text).not.toContain('\u001b[');
  });

  it('json mode writes NDJSON only', async () => {
    const bus = new EventBus();
    const stream = new CaptureStream({ tty: true });
    const clock = new FakeClock(5);
    const ui = attachUi(bus, { mode: 'json', stream, env: {}, now: clock.now });
    play(parallelScript, clock, (e) => bus.emit(e));
    await ui.close();
    const types = stream.text
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    // Activity lines are streamed but not kept in the bus history.
    expect(types.filter((t) => t !== 'story:activity')).toEqual(bus.history().map((e) => e.type));
    expect(types.filter((t) => t === 'story:activity').length).toBeGreaterThan(0);
  });

  it('replays events emitted before it attached, and stops listening on close', async () => {
    const bus = new EventBus();
    bus.emit({ type: 'run:start', runId: 'early', mode: 'parallel', stories: 1, concurrency: 2 });
    const stream = new CaptureStream();
    const ui = attachUi(bus, { mode: 'lines', stream, env: {}, now: () => 0 });
    bus.emit({ type: 'warning', message: 'while attached' });
    await ui.close();
    await ui.close();
    bus.emit({ type: 'warning', message: 'after close' });
    expect(stream.text).toBe('[00:00] run early started: parallel, 1 story, concurrency 2\n[00:00] warning: while attached\n');
  });

  it('verbose shows queued stories in line mode', async () => {
    const bus = new EventBus();
    const stream = new CaptureStream();
    const ui = attachUi(bus, { mode: 'lines', stream, verbose: true, env: {}, now: () => 0 });
    bus.emit({ type: 'story:queued', storyId: 'US-9', title: 'Queued one' });
    await ui.close();
    expect(stream.text).toBe('[00:00] US-9 queued: Queued one\n');
  });

  it('auto on a terminal draws the live task list, then a coloured summary (unless NO_COLOR)', async () => {
    const run = async (env: NodeJS.ProcessEnv): Promise<string> => {
      const bus = new EventBus();
      const stream = new CaptureStream({ tty: true });
      const clock = new FakeClock();
      const ui = attachUi(bus, { mode: 'auto', stream, env, now: clock.now });
      expect(ui.mode).toBe('tty');
      play(sequentialScript, clock, (e) => bus.emit(e));
      await ui.close();
      return stream.text;
    };
    const colored = await run({});
    const summary = colored.slice(colored.lastIndexOf('\u001b[?25h'));
    expect(summary).toContain('\u001b[1m');
    expect(stripAnsi(colored)).toContain('✖ US-002 Remember me checkbox · failed: agent gave up');
    const plain = await run({ NO_COLOR: '1' });
    expect(plain.slice(plain.lastIndexOf('\u001b[?25h'))).toBe(`\u001b[?25h${stripAnsi(summary.slice(6))}`);
  });
});
