import type { Db } from '../../database/database.js';
import type { StorageDriver } from '../storage/storage.types.js';
import type { RequestUser } from '../../shared/http.types.js';
import { createDocumentsRepository } from './documents.repository.js';
import { createNotFoundError } from '../../shared/errors.js';
import type { StoredDocument } from './documents.types.js';

const createDocumentNotFoundError = () => createNotFoundError({ code: 'documents.not_found', message: 'Filen findes ikke.' });

/**
 * A PDF by its content hash. Readers get only files of published reports; signed-in editors get
 * any stored file (drafts, earlier versions). Unknown and hidden files answer alike: not found.
 */
export async function getDownload({ sha256, user }: { sha256: string; user: RequestUser | undefined }, { db, storage }: { db: Db; storage: StorageDriver }): Promise<{ document: StoredDocument; size: number }> {
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw createDocumentNotFoundError();
  const repository = createDocumentsRepository({ db });
  const document = user ? await repository.findAnyBySha({ sha256 }) : await repository.findPublicBySha({ sha256 });
  if (!document) throw createDocumentNotFoundError();
  const stat = await storage.stat({ key: document.storageKey });
  if (!stat) throw createDocumentNotFoundError();
  return { document, size: stat.size };
}
