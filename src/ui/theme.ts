import { createHash } from 'node:crypto';

// The organisation's colour as a tiny stylesheet of CSS custom properties: inline styles are
// forbidden by the CSP, and a separate, content-addressed file can be cached for good.

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

type Rgb = [number, number, number];

function parseHex(color: string): Rgb | undefined {
  if (!HEX.test(color.trim())) return undefined;
  let hex = color.trim().slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: Rgb): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of a colour against white. */
export function contrastWithWhite(color: string): number {
  const rgb = parseHex(color);
  if (!rgb) return 1;
  return 1.05 / (luminance(rgb) + 0.05);
}

function darken(rgb: Rgb, amount: number): Rgb {
  return rgb.map((v) => v * (1 - amount)) as Rgb;
}

/**
 * The theme's colours from the site's primary colour: darkened just enough that white text on it,
 * and it as link colour on white, reach WCAG AA (4.5:1). Undefined for anything but #rgb/#rrggbb.
 */
export function createThemeColors(primaryColor: string | null | undefined): { primary: string; primaryDark: string } | undefined {
  const rgb = primaryColor ? parseHex(primaryColor) : undefined;
  if (!rgb) return undefined;
  let primary = rgb;
  for (let i = 0; i < 40 && contrastWithWhite(toHex(primary)) < 4.5; i += 1) primary = darken(primary, 0.05);
  return { primary: toHex(primary), primaryDark: toHex(darken(primary, 0.25)) };
}

export function createThemeCss(primaryColor: string | null | undefined): string | undefined {
  const colors = createThemeColors(primaryColor);
  if (!colors) return undefined;
  return `:root{--color-primary:${colors.primary};--color-primary-dark:${colors.primaryDark}}\n`;
}

/** The theme stylesheet's address, named by its content; undefined when the site has no valid colour. */
export function themeStylesheetUrl(primaryColor: string | null | undefined): string | undefined {
  const css = createThemeCss(primaryColor);
  if (!css) return undefined;
  return `/tema/${createHash('sha256').update(css).digest('hex').slice(0, 12)}.css`;
}
