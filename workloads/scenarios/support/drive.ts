/**
 * Runs a scenario operation written once as a generator over engine calls, on sync and async
 * engines alike. A scenario `yield`s whatever an engine method returned; `drive` feeds plain
 * values straight back (so with an in-process engine the whole step stays synchronous and
 * returns a plain number, as the workload contract asks) and only switches to `await` from
 * the first Promise on. One code path per operation, no Promise unless an engine made one.
 */
import type { Awaitable } from '../../../engines/types.js';

/** A scenario operation: yields engine replies (plain or Promise), returns the op-kind index. */
export type ScenarioOp = Generator<unknown, number, unknown>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Run `op` to completion: a plain value when nothing it yielded was a Promise. Scenario steps
 * return their op-kind index; other callers (the HTTP API) any value.
 */
export function drive<T = number>(op: Generator<unknown, T, unknown>): Awaitable<T> {
  let step = op.next();
  while (!step.done) {
    if (isPromiseLike(step.value)) return finishAsync(op, step.value);
    step = op.next(step.value);
  }
  return step.value;
}

async function finishAsync<T>(op: Generator<unknown, T, unknown>, pending: PromiseLike<unknown>): Promise<T> {
  let step: IteratorResult<unknown, T>;
  try {
    step = op.next(await pending);
  } catch (err) {
    step = op.throw(err);
  }
  while (!step.done) {
    const value = step.value;
    if (isPromiseLike(value)) {
      try {
        step = op.next(await value);
      } catch (err) {
        step = op.throw(err);
      }
    } else {
      step = op.next(value);
    }
  }
  return step.value;
}

/** Run a generator of engine calls that produces any value (used by preload and checks). */
export async function runToValue<T>(op: Generator<unknown, T, unknown>): Promise<T> {
  let step = op.next();
  while (!step.done) {
    const value = step.value;
    try {
      step = op.next(isPromiseLike(value) ? await value : value);
    } catch (err) {
      step = op.throw(err);
    }
  }
  return step.value;
}
