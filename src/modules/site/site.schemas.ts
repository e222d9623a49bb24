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

/**
 * The settings form in the workspace. Messages are i18n keys (the route translates them). The logo
 * must be on this site (the CSP allows images from 'self' only); the statement may be anywhere.
 */
export const siteSettingsFormSchema = z.object({
  name: z.string().trim().min(1, 'auth.settingsNameRequired').max(200, 'auth.settingsTooLong'),
  title: z.string().trim().min(1, 'auth.settingsTitleRequired').max(300, 'auth.settingsTooLong'),
  breadcrumb: z
    .string()
    .max(3000, 'auth.settingsBreadcrumbInvalid')
    .transform((text) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(200, 'auth.settingsBreadcrumbInvalid')).max(10, 'auth.settingsBreadcrumbInvalid')),
  // Counted as saved: a browser sends each line break as CR LF, stored as one LF.
  intro: z.string().transform((text) => text.replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(5000, 'auth.settingsTooLong')),
  yearsShown: z.string().trim().regex(/^\d{1,2}$/, 'auth.settingsYearsInvalid').transform(Number).pipe(z.number().int().min(1, 'auth.settingsYearsInvalid').max(50, 'auth.settingsYearsInvalid')),
  accessibilityUrl: z
    .string()
    .trim()
    .max(500, 'auth.settingsTooLong')
    .refine((v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/.test(v), 'auth.settingsUrlInvalid')
    .transform((v) => v || null),
  logoUrl: z
    .string()
    .trim()
    .max(500, 'auth.settingsTooLong')
    .refine((v) => v === '' || (/^\/[^/\\\s]/.test(v) && !/[\s"'<>]/.test(v)), 'auth.settingsLogoInvalid')
    .transform((v) => v || null),
  primaryColor: z
    .string()
    .trim()
    .refine((v) => v === '' || /^#[0-9a-fA-F]{6}$/.test(v), 'auth.settingsColorInvalid')
    .transform((v) => v || null),
});

export type SiteSettingsForm = z.infer<typeof siteSettingsFormSchema>;
