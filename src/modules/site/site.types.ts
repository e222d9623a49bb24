export type Site = {
  name: string;
  title: string;
  breadcrumb: string[];
  intro: string;
  language: string;
  yearsShown: number;
  logoUrl: string | null;
  primaryColor: string | null;
  accessibilityUrl: string | null;
  /** Demo content is marked as such on every page. */
  isDemo: boolean;
  updatedAt: string;
};

export type SiteInput = Omit<Site, 'updatedAt' | 'logoUrl' | 'primaryColor' | 'accessibilityUrl' | 'isDemo'> & Partial<Pick<Site, 'logoUrl' | 'primaryColor' | 'accessibilityUrl' | 'isDemo'>>;
