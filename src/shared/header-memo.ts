/**
 * Remembers what a parse of a request header string gave, so the handful of distinct strings
 * browsers send are parsed once each (a page cache hit costs less). Bounded, so strings made up
 * by a client cannot grow it: at most 256 strings of at most 256 characters; when full it starts over.
 */
export function memoiseHeaderParse<T>(parse: (value: string) => T): (value: string) => T {
  const MAX_ENTRIES = 256;
  const MAX_LENGTH = 256;
  const known = new Map<string, T>();
  return (value) => {
    const hit = known.get(value);
    if (hit !== undefined) return hit;
    const result = parse(value);
    if (value.length <= MAX_LENGTH) {
      if (known.size >= MAX_ENTRIES) known.clear();
      known.set(value, result);
    }
    return result;
  };
}
