// npx tsx bench/gc-rounds.ts — p99 of cached `/` round by round, beside the server's full garbage
// collections (issue #21). Starts the server as `npm start` does, pinned to CPU 0, and runs ROUNDS
// (10) wrk rounds of 6 s on CPU 1, half a second apart, after a 5 s warm-up. Run it with the start
// script's flags plus --trace-gc, so that V8's lines fall between the rounds they belong to, e.g.
//   BENCH_NODE_FLAGS="--max-semi-space-size=1 --heap-growing-percent=50 --max-valid-polymorphic-map-count=16 --trace-gc" \
//     npx tsx bench/gc-rounds.ts | grep -E 'ROUND|Mark'
// (without --no-memory-reducer: the round in which V8's "Mark-Compact (reduce)" lines fall has the high p99).
import { fmt, getRaw as get, runWrk, startBenchServer } from './bench.utils.js';

const rounds = Number(process.env.ROUNDS ?? 10);
const server = await startBenchServer({ cpu: 0 });
try {
  await get(`${server.url}/`);
  const started = Date.now();
  const wrk = (seconds: number) => runWrk({ url: `${server.url}/`, connections: 50, seconds });
  await wrk(5);
  for (let i = 0; i < rounds; i++) {
    const from = Date.now() - started;
    const { rps, p99Ms } = await wrk(6);
    process.stdout.write(`ROUND ${i} from +${from} ms: ${fmt(rps)} req/s, p99 ${fmt(p99Ms, 2)} ms\n`);
    await new Promise((r) => setTimeout(r, 500));
  }
} finally {
  await server.stop();
}
