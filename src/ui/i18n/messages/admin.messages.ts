// Strings of the workspace frame and its overview (issue #18): menu, dashboard, users, audit targets, history, foreword toolbar.
const da = {
  'admin.menu': 'Menu',
  'admin.onlyActiveAdmin': 'Eneste aktive administrator',
};

const en: Record<keyof typeof da, string> = {
  'admin.menu': 'Menu',
  'admin.onlyActiveAdmin': 'The only active administrator',
};

export const adminMessages = { da, en };
