// Loaded into one Beretning server by `npm run bench:http` (node --import, see startIsolateProbe in
// bench.utils.ts): runs the bare node:http reference server in a worker thread of this process, so
// the benchmark can measure the same bytes answered from a V8 isolate of their own, beside the whole
// running application, against the hit path in the application's isolate. Not loaded otherwise.
// - Worker threads inherit --import: only the main thread starts the probe, and its worker runs
//   without the preload.
// - The worker keeps Node's nextTick shape first (dist/shared/next-tick-shape.js, as main.ts does for
//   the main thread): an isolate of a long-running server loses it as the main one did, and then
//   measured ≈1.2× the bare server instead of ≈1.0×.
import { isMainThread, Worker } from 'node:worker_threads';

const file = process.env.BENCH_ISOLATE_PROBE;
if (file && isMainThread) {
  const nextTickShape = new URL('../dist/shared/next-tick-shape.js', import.meta.url).href;
  new Worker(`import(${JSON.stringify(nextTickShape)}).then(() => require(${JSON.stringify(file)}));`, { eval: true, execArgv: [] }).unref();
}
