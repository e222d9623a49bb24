/**
 * Remembers what a computation from a request string gave (a header value, a path), so the handful
 * of distinct strings readers send are worked out once each (a page cache hit costs less). Bounded,
 * so strings made up by a client cannot grow it: at most `entries` strings of at most `maxKeyLength`
 * characters (longer ones are computed each time and not kept); when full it starts over.
 *
 * The string last asked for is compared first: a request's header values are new strings, which
 * V8 must hash (every character) before a Map can look them up, while an equal string is found by
 * one comparison (and an unequal one is told apart at its length or first differing character).
 * Readers of one site mostly send the same Accept-Encoding, Accept-Language and user agent.
 */
export function createStringMemo<T>({ entries, maxKeyLength, compute }: { entries: number; maxKeyLength: number; compute: (value: string) => T }): (value: string) => T {
  const kept = new Map<string, T>();
  let last: string | undefined;
  let lastResult: T | undefined;
  return (value) => {
    if (value === last) return lastResult as T;
    let result = kept.get(value);
    if (result === undefined && !kept.has(value)) {
      result = compute(value);
      if (value.length > maxKeyLength) return result;
      if (kept.size >= entries) kept.clear();
      kept.set(value, result);
    }
    last = value;
    lastResult = result;
    return result as T;
  };
}

/** A request header's parse, memoised: at most 256 strings of at most 256 characters. */
export function memoiseHeaderParse<T>(parse: (value: string) => T): (value: string) => T {
  return createStringMemo({ entries: 256, maxKeyLength: 256, compute: parse });
}
