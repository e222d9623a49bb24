import type { RequestUser } from '../../shared/http.types.js';

export type UserRole = 'admin' | 'editor';
export const userRoles: UserRole[] = ['admin', 'editor'];

export type User = { id: string; email: string; name: string; role: UserRole; disabledAt: string | null; createdAt: string; updatedAt: string };

/** A valid session: who it belongs to, and the digest that names it in the database. */
export type ActiveSession = { sessionKey: string; user: RequestUser };

/** Who did something and from where, for the audit log. */
export type Actor = { id: string; email: string; ip: string };
