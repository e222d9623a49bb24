import { z } from 'zod';
import { siteSchema } from '../site/site.schemas.js';

export const siteFileSchema = siteSchema.pick({ name: true, title: true, breadcrumb: true, intro: true, language: true, yearsShown: true }).extend({
  // Shown as a link in every page's footer: only a web address, never javascript: or data: (as the settings form requires).
  accessibilityUrl: z.string().trim().max(500).regex(/^https?:\/\/[^\s/]+\.[^\s]+$/, 'must be an http(s) address').optional(),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'is not a real date');

export const reportFileSchema = z.object({
  year: z.number().int().min(1800).max(2200),
  title: z.string().trim().min(1).max(300),
  published: isoDate.optional(),
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
});

export type SiteFile = z.infer<typeof siteFileSchema>;
export type ReportFile = z.infer<typeof reportFileSchema>;

/** YYYY/media/<name>.json: what the workspace's media form asks (same limits), all optional. */
export const mediaFileSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).optional(),
    order: z.number().int().min(0).max(999).optional(),
  })
  .strict();

export type MediaFile = z.infer<typeof mediaFileSchema>;
