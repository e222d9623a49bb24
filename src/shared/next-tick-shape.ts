// Imported first by main.ts, for its effect: keeps Node's process.nextTick on V8's fast path for the
// whole life of the server (issue #21). See keepNextTickShape.
import { createHook } from 'node:async_hooks';

let kept: object | undefined;

/**
 * Keeps one of Node's own TickObjects alive, so the hidden classes ("maps") of its shape are never
 * collected.
 *
 * Node 20's `process.nextTick` queues `{ [async_id_symbol]: …, [trigger_async_id_symbol]: …,
 * callback, args }`. V8 keeps the maps that literal passes through only weakly; when a full garbage
 * collection runs at a moment no TickObject is alive (an idle server: the memory reducer collects
 * after start-up), they die and the next tick makes new ones. The literal's inline caches have
 * remembered the old maps, so they turn megamorphic, and from then on every tick, in the optimised
 * code of Node's streams too, defines its properties through the runtime: about 30 calls and 38,000
 * instructions per cached page, +35–50 % of the whole hit (bench/http-callgrind.ts), in most server
 * processes. One object held for the process' life keeps the maps, and the caches stay monomorphic.
 *
 * The object is caught by an async hook enabled for one `nextTick` call and disabled at once (async
 * hooks cost on every async operation while enabled; not after). Idempotent.
 */
export function keepNextTickShape(): void {
  if (kept !== undefined) return;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject' && kept === undefined) kept = resource as object;
    },
  });
  hook.enable();
  try {
    process.nextTick(() => undefined);
  } finally {
    hook.disable();
  }
}

keepNextTickShape();
