import { hash, verify } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
// `algorithm: 2` is Algorithm.Argon2id; the package declares it as a const enum, which isolated modules cannot import.
export const argon2Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword({ hash: hashed, password }: { hash: string; password: string }): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Verifies against a throwaway hash, so an unknown e-mail takes as long as a wrong password. */
export async function verifyAgainstDummy({ password }: { password: string }): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-beretning');
  await verifyPassword({ hash: await dummyHash, password });
}
