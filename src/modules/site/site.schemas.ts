import { z } from 'zod';

export const siteSchema = z.object({
  name: z.string().trim().min(1, 'skal udfyldes').max(200),
  title: z.string().trim().min(1, 'skal udfyldes').max(300),
  breadcrumb: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
  intro: z.string().trim().max(5000).default(''),
  language: z.string().trim().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'skal være en sprogkode som da').default('da'),
  yearsShown: z.number().int().min(1).max(50).default(5),
  logoUrl: z.string().trim().max(500).nullable().optional(),
  primaryColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'skal være en farve som #004B87').nullable().optional(),
  accessibilityUrl: z.string().trim().url().max(500).nullable().optional(),
});
