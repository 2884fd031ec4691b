import { Semaphore } from '../../src/scheduler/semaphore.js';

describe('Semaphore', () => {
  it('bounds holders and hands permits over in FIFO order', async () => {
    const sem = new Semaphore(2);
    const order: string[] = [];
    await sem.acquire();
    await sem.acquire();
    const third = sem.acquire().then(() => order.push('third'));
    const fourth = sem.acquire().then(() => order.push('fourth'));
    expect(sem.waiting).toBe(2);
    sem.release();
    await third;
    expect(order).toEqual(['third']);
    sem.release();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    expect(sem.held).toBe(2);
  });

  it('treats 0 as unlimited', () => {
    const sem = new Semaphore(0);
    for (let i = 0; i < 50; i += 1) expect(sem.tryAcquire()).toBe(true);
    expect(sem.held).toBe(50);
  });

  it('lowering the limit delays new holders without preempting current ones', async () => {
    const sem = new Semaphore(3);
    await sem.acquire();
    await sem.acquire();
    sem.setLimit(1);
    expect(sem.tryAcquire()).toBe(false);
    sem.release();
    expect(sem.tryAcquire()).toBe(false);
    sem.release();
    expect(sem.tryAcquire()).toBe(true);
    sem.setLimit(2);
    expect(sem.tryAcquire()).toBe(true);
  });

  it('rejects invalid limits and over-release', () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore(1).release()).toThrow(/released more often/);
  });
});
