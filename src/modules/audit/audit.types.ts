/** One entry of the audit log: who did what to which thing, when, from where. */
export type AuditEntry = {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
};

/**
 * Stable action names. Other modules add theirs as plain strings of the form `<thing>.<verb>`
 * (e.g. `report.published`); the log page shows unknown actions as they are.
 */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'user.created'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.role_changed'
  | 'user.password_reset'
  | 'site.updated'
  | (string & {});

export type AuditInput = {
  action: AuditAction;
  actorId: string | null;
  /** Kept beside the id so the log stays readable if the user is gone. */
  actorEmail?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
};

export type AuditFilter = { actorId?: string; from?: string; to?: string; page: number; pageSize: number };
