/** The ring-buffer deque under lists, checked against an array model. */
import { describe, expect, it } from 'vitest';
import { Deque } from '../../../../engines/redis/structures/deque.js';
import { Rng } from '../../../../shared/rng.js';

describe('Deque', () => {
  it('behaves like an array under random pushes, pops, inserts and filters at both ends', () => {
    const rng = new Rng(7);
    const d = new Deque(2);
    const model: string[] = [];
    for (let i = 0; i < 8000; i++) {
      const op = rng.int(7);
      const v = String(rng.int(50));
      if (op === 0) (d.pushBack(v), model.push(v));
      else if (op === 1) (d.pushFront(v), model.unshift(v));
      else if (op === 2) expect(d.popFront()).toBe(model.shift());
      else if (op === 3) expect(d.popBack()).toBe(model.pop());
      else if (op === 4) {
        const at = rng.int(model.length + 1);
        d.insertAt(at, v);
        model.splice(at, 0, v);
      } else if (op === 5 && rng.int(50) === 0) {
        const removed = d.filter((x) => x !== v);
        const before = model.length;
        const kept = model.filter((x) => x !== v);
        model.length = 0;
        model.push(...kept);
        expect(removed).toBe(before - kept.length);
      } else if (op === 6 && model.length) {
        const at = rng.int(model.length);
        expect(d.at(at)).toBe(model[at]);
      }
      expect(d.length).toBe(model.length);
    }
    expect(d.toArray()).toEqual(model);
  });
});
