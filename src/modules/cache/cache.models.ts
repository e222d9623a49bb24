import type { IncomingHttpHeaders } from 'node:http';

/** The request headers a page cache hit reads (lowercase names, as in Node's `req.headers`). */
export type HitHeaders = { [Name in 'host' | 'x-forwarded-host' | 'x-forwarded-proto' | 'authorization' | 'cookie' | 'accept-language' | 'accept-encoding' | 'if-none-match' | 'user-agent' | 'referer' | 'dnt' | 'sec-gpc']?: IncomingHttpHeaders[Name] };

/** More raw entries than this (50 headers): the request is left to `req.headers`, which applies Node's cap on the header count. */
const MAX_RAW_ENTRIES = 100;

/** Is `name` (as the client spelled it) the header `lower`? Exact spellings first; another case only when the first letter matches. */
function isHeader(name: string, lower: string, canonical: string): boolean {
  return name === lower || name === canonical || ((name.charCodeAt(0) | 0x20) === lower.charCodeAt(0) && name.toLowerCase() === lower);
}

/**
 * The headers a page cache hit needs, read from `req.rawHeaders` (name, value, name, value, …).
 * Reading `req.headers` instead makes Node build an object per request, one property store per header
 * through V8's slowest (megamorphic) path, for headers the hit never reads; here nothing is built
 * but one object of fixed shape. Undefined when a header it reads comes twice (Node's own rules then
 * decide: the first wins for some, others are joined) or the request has very many headers: the
 * caller uses `req.headers` then.
 */
export function hitHeadersOf(raw: readonly string[]): HitHeaders | undefined {
  if (raw.length > MAX_RAW_ENTRIES) return undefined;
  let host: string | undefined;
  let forwardedHost: string | undefined;
  let forwardedProto: string | undefined;
  let authorization: string | undefined;
  let cookie: string | undefined;
  let acceptLanguage: string | undefined;
  let acceptEncoding: string | undefined;
  let ifNoneMatch: string | undefined;
  let userAgent: string | undefined;
  let referer: string | undefined;
  let dnt: string | undefined;
  let secGpc: string | undefined;
  let seen = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    let slot = 0;
    switch (name.length) {
      case 3:
        if (isHeader(name, 'dnt', 'DNT')) {
          slot = 1;
          dnt = value;
        }
        break;
      case 4:
        if (isHeader(name, 'host', 'Host')) {
          slot = 2;
          host = value;
        }
        break;
      case 6:
        if (isHeader(name, 'cookie', 'Cookie')) {
          slot = 3;
          cookie = value;
        }
        break;
      case 7:
        if (isHeader(name, 'referer', 'Referer')) {
          slot = 4;
          referer = value;
        }
        else if (isHeader(name, 'sec-gpc', 'Sec-GPC')) {
          slot = 5;
          secGpc = value;
        }
        break;
      case 10:
        if (isHeader(name, 'user-agent', 'User-Agent')) {
          slot = 6;
          userAgent = value;
        }
        break;
      case 13:
        if (isHeader(name, 'authorization', 'Authorization')) {
          slot = 7;
          authorization = value;
        }
        else if (isHeader(name, 'if-none-match', 'If-None-Match')) {
          slot = 8;
          ifNoneMatch = value;
        }
        break;
      case 15:
        if (isHeader(name, 'accept-encoding', 'Accept-Encoding')) {
          slot = 9;
          acceptEncoding = value;
        }
        else if (isHeader(name, 'accept-language', 'Accept-Language')) {
          slot = 10;
          acceptLanguage = value;
        }
        break;
      case 16:
        if (isHeader(name, 'x-forwarded-host', 'X-Forwarded-Host')) {
          slot = 11;
          forwardedHost = value;
        }
        break;
      case 17:
        if (isHeader(name, 'x-forwarded-proto', 'X-Forwarded-Proto')) {
          slot = 12;
          forwardedProto = value;
        }
        break;
    }
    if (slot === 0) continue;
    const bit = 1 << slot;
    if (seen & bit) return undefined;
    seen |= bit;
  }
  return {
    host,
    'x-forwarded-host': forwardedHost,
    'x-forwarded-proto': forwardedProto,
    authorization,
    cookie,
    'accept-language': acceptLanguage,
    'accept-encoding': acceptEncoding,
    'if-none-match': ifNoneMatch,
    'user-agent': userAgent,
    referer,
    dnt,
    'sec-gpc': secGpc,
  };
}
