import { describe, expect, it } from 'vitest';
import { Turns } from '../../src/discord/load.js';

describe('Turns', () => {
  it('gives one turn per turn of the event loop, unacknowledged first, deferred ones held while told to', async () => {
    let holding = true;
    const turns = new Turns(() => holding);
    const order: string[] = [];
    const deferred = turns.next(true).then(() => order.push('deferred'));
    const first = turns.next(false).then(() => order.push('first'));
    const second = turns.next(false).then(() => order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['first', 'second']);
    holding = false;
    await deferred;
    expect(order).toEqual(['first', 'second', 'deferred']);
  });

  it('lets I/O run between two turns', async () => {
    const turns = new Turns();
    const order: string[] = [];
    const both = Promise.all([
      turns.next(false).then(() => order.push('turn 1')),
      turns.next(false).then(() => order.push('turn 2')),
    ]);
    setImmediate(() => order.push('other work'));
    await both;
    expect(order).toEqual(['turn 1', 'other work', 'turn 2']);
  });
});
