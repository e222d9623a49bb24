import type { Config } from '../../config/config.js';
import { runAccessibilityChecks } from './accessibility.models.js';
import type { AccessibilityFacts, AccessibilityResult } from './accessibility.types.js';

export type AccessibilityConfig = Pick<Config, 'accessibilityMaxPagesListed' | 'accessibilityHeadingsFromPages'>;

/** The checks over what ingestion read, with the configured caps: what is stored per document. */
export function checkDocumentAccessibility({ facts }: { facts: AccessibilityFacts | null }, { config }: { config: AccessibilityConfig }): AccessibilityResult {
  return runAccessibilityChecks({ facts, maxPagesListed: config.accessibilityMaxPagesListed, headingsFromPages: config.accessibilityHeadingsFromPages });
}
