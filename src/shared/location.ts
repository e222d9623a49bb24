/**
 * A same-site path made safe for a Location header: characters outside printable ASCII (ø, €, spaces)
 * percent-encoded, as a browser would send them. Node refuses a header with characters beyond Latin-1
 * (a link such as /sprog/en?tilbage=/€ answered 500 after its work was done); undefined for text that
 * cannot be encoded (a lone surrogate).
 */
export function toLocationPath(path: string): string | undefined {
  try {
    return path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  } catch {
    return undefined;
  }
}
