import type { RunEvent } from '../../src/events/types.js';
import { JsonRenderer, toJsonLine } from '../../src/ui/json-renderer.js';
import { CaptureStream, FakeClock, parallelScript, play } from './helpers.js';

describe('JsonRenderer', () => {
  it('writes one JSON object per line that parses back to the event plus ts', async () => {
    const stream = new CaptureStream();
    const clock = new FakeClock(1_000);
    const renderer = new JsonRenderer({ stream, now: clock.now });
    const seen: { event: RunEvent; ts: number }[] = [];
    play(parallelScript, clock, (event) => {
      seen.push({ event, ts: clock.now() });
      renderer.handle(event);
    });
    await renderer.close();

    expect(stream.text.endsWith('\n')).toBe(true);
    const lines = stream.text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(seen.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const { ts, ...event } = parsed;
      expect(event).toEqual(seen[i]?.event);
      expect(ts).toBe(seen[i]?.ts);
    });
  });

  it('keeps nested data (the summary) intact and adds nothing but ts', () => {
    const event: RunEvent = { type: 'merge:conflict', storyId: 'US-1', files: ['a.ts'], conflicts: [{ file: 'a.ts', entity: 'function f', reason: 'both modified' }], resolution: 'fallback' };
    expect(JSON.parse(toJsonLine(event, 42))).toEqual({ ...event, ts: 42 });
  });

  it('prints no summary table on close', async () => {
    const stream = new CaptureStream();
    const renderer = new JsonRenderer({ stream });
    const summaryEvent = parallelScript.find((s): s is RunEvent => typeof s !== 'number' && s.type === 'summary');
    if (!summaryEvent) throw new Error('script has a summary');
    renderer.handle(summaryEvent);
    await renderer.close();
    expect(stream.text.trimEnd().split('\n')).toHaveLength(1);
  });
});
