import { GitMutex } from '../../src/workspace/git-mutex.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('GitMutex', () => {
  it('runs tasks one at a time in request order, whatever their durations', async () => {
    const mutex = new GitMutex();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (name: string, ms: number) => async (): Promise<string> => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([mutex.run(task('a', 15)), mutex.run(task('b', 0)), mutex.run(task('c', 5))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxRunning).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(mutex.pending).toBe(0);
  });

  it('propagates a failure to its caller without blocking later tasks', async () => {
    const mutex = new GitMutex();
    const order: number[] = [];
    const failing = mutex.run(async () => {
      order.push(1);
      throw new Error('boom');
    });
    const after = mutex.run(async () => {
      order.push(2);
      return 'ok';
    });
    await expect(failing).rejects.toThrow('boom');
    await expect(after).resolves.toBe('ok');
    expect(order).toEqual([1, 2]);
  });

  it('queues tasks requested while another runs behind those already queued', async () => {
    const mutex = new GitMutex();
    const order: string[] = [];
    const first = mutex.run(async () => {
      order.push('first');
      void mutex.run(async () => {
        order.push('nested');
      });
      await tick(1);
    });
    const second = mutex.run(async () => {
      order.push('second');
    });
    await Promise.all([first, second]);
    await mutex.run(async () => undefined);
    expect(order).toEqual(['first', 'second', 'nested']);
  });
});
