// Strings of the workspace frame and its overview (issue #18): menu, dashboard, users, audit targets, history, foreword toolbar.
const da = {
  'admin.menu': 'Menu',
  'admin.onlyActiveAdmin': 'Eneste aktive administrator',
  'admin.auditCommandLine': 'kommandolinje',
  'admin.auditSystem': 'systemet',
  'admin.auditTarget.user': 'Bruger',
  'admin.auditTarget.report': 'Beretning',
  'admin.auditTarget.api_token': 'API-nøgle',
  'admin.auditTarget.document': 'Dokument',
  'admin.auditTarget.site': 'Indstillinger',
  'admin.auditTarget.other': 'Andet:',
  'auth.action.report.imported': 'Beretning importeret',
  'auth.action.site.imported': 'Indstillinger importeret',
};

const en: Record<keyof typeof da, string> = {
  'admin.menu': 'Menu',
  'admin.onlyActiveAdmin': 'The only active administrator',
  'admin.auditCommandLine': 'command line',
  'admin.auditSystem': 'the system',
  'admin.auditTarget.user': 'User',
  'admin.auditTarget.report': 'Report',
  'admin.auditTarget.api_token': 'API key',
  'admin.auditTarget.document': 'Document',
  'admin.auditTarget.site': 'Settings',
  'admin.auditTarget.other': 'Other:',
  'auth.action.report.imported': 'Report imported',
  'auth.action.site.imported': 'Settings imported',
};

export const adminMessages = { da, en };
