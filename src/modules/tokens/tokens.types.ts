import type { ApiTokenScope } from '../../database/database.types.js';
import type { RequestUser } from '../../shared/http.types.js';

export type { ApiTokenScope };

/** A token as its owner sees it in the list: never the token itself, nor its digest. */
export type ApiToken = {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scope: ApiTokenScope;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

/** Why a request with a token is refused: unknown/expired/revoked (401), or a use its scope does not allow (403). */
export type ApiTokenProblem = 'invalid' | 'expired' | 'revoked' | 'api_only' | 'read_only' | 'method' | 'scope';

export type ApiTokenAuthentication = { ok: true; user: RequestUser; token: ApiToken } | { ok: false; problem: ApiTokenProblem; status: 401 | 403 };
