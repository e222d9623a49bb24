import { readFileSync } from 'node:fs';

/**
 * A process's data segment (what RLIMIT_DATA counts) in bytes, from /proc: the parent's measure of
 * a PDF child (pdf-process.ts, pdf-pool.ts), and the child's of itself ('self', pdf-child.ts).
 * 0 once the process is gone or without /proc.
 */
export function readDataBytes(pid: number | 'self'): number {
  try {
    return Number(/VmData:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
