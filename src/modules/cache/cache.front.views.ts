// The HTTP front's tally of page views (issue #21): what countView (statistics.usecases) reads of a
// cache hit's request, summed between the worker's reports to the app.
//
// Without hashing a request's strings. Its path, user agent and Referer are new strings on every
// request, and a Map must hash every character of a string key before it can look it up: a key made
// of the four (≈ 150 characters, concatenated, then flattened to be hashed) made a counted hit cost
// about 5,000 instructions more than an uncounted one, 5 % of the hit on the front's thread, the hash
// alone 1,500 (bench/http-callgrind.ts with CALLGRIND_STATISTICS=1 CG_THREADS=1; now about 1,000
// more). Here a view is found by a number made of the four strings' lengths, which a Map looks up
// without reading a string, and then by comparing the few views of those lengths string by string
// (an equal string is compared, not hashed; an unequal one is told apart at its first differing
// character).
import type { FrontHits } from './cache.front.protocol.js';

/** Views compared in one group of equal lengths; a group's further views are kept by a string key. */
export const VIEWS_COMPARED_PER_GROUP = 8;

type View = { path: string; userAgent: string; referer: string; host: string; count: number };

export type ViewTally = {
  /** One view (no Referer: `referer` empty, and `host` is not kept). */
  count: (path: string, userAgent: string, referer: string, host: string) => void;
  /** Distinct views kept since the last take. */
  size: () => number;
  /** The views since the last take, as the app's countView reads them, and a fresh start. */
  take: () => FrontHits['views'];
};

export function createViewTally(): ViewTally {
  let groups = new Map<number, View[]>();
  // The views a group had no room for (many made-up user agents of one length): found by a string key, as before.
  let crowded = new Map<string, View>();
  let kept = 0;
  return {
    count(path, userAgent, referer, host) {
      if (!referer) host = '';
      // Any number made of the lengths will do (equal views have equal lengths); kept a small integer, which V8 hashes as one.
      const lengths = (path.length * 8191 + userAgent.length * 127 + referer.length * 31 + host.length) & 0x3fffffff;
      let group = groups.get(lengths);
      if (group) {
        for (let i = 0; i < group.length; i++) {
          const view = group[i] as View;
          if (view.path === path && view.referer === referer && view.userAgent === userAgent && view.host === host) {
            view.count += 1;
            return;
          }
        }
      } else groups.set(lengths, (group = []));
      if (group.length < VIEWS_COMPARED_PER_GROUP) group.push({ path, userAgent, referer, host, count: 1 });
      else {
        const key = `${path}\n${userAgent}\n${referer}\n${host}`;
        const found = crowded.get(key);
        if (found) return void (found.count += 1);
        crowded.set(key, { path, userAgent, referer, host, count: 1 });
      }
      kept += 1;
    },
    size: () => kept,
    take() {
      const views: FrontHits['views'] = [];
      const add = ({ path, userAgent, referer, host, count }: View) => views.push({ path, headers: referer ? { 'user-agent': userAgent, referer, host } : { 'user-agent': userAgent }, count });
      for (const group of groups.values()) group.forEach(add);
      crowded.forEach(add);
      groups = new Map();
      crowded = new Map();
      kept = 0;
      return views;
    },
  };
}
