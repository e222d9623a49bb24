import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const accessibilityConfig = {
  accessibilityMaxPagesListed: defineSetting({ env: 'ACCESSIBILITY_MAX_PAGES_LISTED', schema: integerFromEnv({ min: 1, max: 1000 }), default: '20', doc: 'Pages named per accessibility check of a PDF; the check also says how many there are in all.' }),
  accessibilityHeadingsFromPages: defineSetting({ env: 'ACCESSIBILITY_HEADINGS_FROM_PAGES', schema: integerFromEnv({ min: 1, max: 1000 }), default: '4', doc: 'A PDF with at least this many pages fails the accessibility check "headings" when its tags hold no heading.' }),
};
