import { describe, expect, it } from 'vitest';
import { createStringMemo } from './string-memo.js';

describe('a memo of what was worked out from request strings', () => {
  const counted = (compute: (value: string) => unknown = (value) => value.length) => {
    const calls: string[] = [];
    const memo = createStringMemo({ entries: 3, maxKeyLength: 10, compute: (value) => (calls.push(value), compute(value)) });
    return { memo, calls };
  };

  it('works each string out once, whether asked again at once or after others, with values equal but not the same string', () => {
    const { memo, calls } = counted();
    const fresh = (value: string) => [...value].join(''); // a new string each time, as a request's header values are
    expect([memo(fresh('gzip, br')), memo(fresh('gzip, br')), memo(fresh('da')), memo(fresh('gzip, br')), memo(fresh('da'))]).toEqual([8, 8, 2, 8, 2]);
    expect(calls).toEqual(['gzip, br', 'da']);
  });

  it('remembers results that are undefined or null too', () => {
    const { memo, calls } = counted((value) => (value === 'bot' ? null : undefined));
    expect([memo('bot'), memo('x'), memo('bot'), memo('x')]).toEqual([null, undefined, null, undefined]);
    expect(calls).toEqual(['bot', 'x']);
  });

  it('keeps no string longer than maxKeyLength, and no more than `entries` strings: when full it starts over', () => {
    const { memo, calls } = counted();
    const long = 'x'.repeat(11);
    memo(long);
    memo(long);
    expect(calls).toEqual([long, long]); // worked out each time, never kept (nor remembered as the last)
    for (const value of ['a', 'b', 'c', 'd']) memo(value); // the fourth starts over
    calls.length = 0;
    memo('a');
    memo('d');
    expect(calls).toEqual(['a']);
  });
});
