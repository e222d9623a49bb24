import type { Config } from '../../config/config.js';
import type { Dependencies } from '../../dependencies.types.js';
import type { MediaProbe } from '../media/media.types.js';
import type { ReportFile } from './imports.schemas.js';

/** One film or sound of YYYY/media/, read and probed; the file itself stays on disk until it is stored (films can be large). */
export type PlannedMedia = {
  slug: string;
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  probe: MediaProbe;
  title: string;
  description: string;
  position: number;
  captions: { vtt: Buffer; sha256: string } | undefined;
  transcriptMd: string | null;
};
export type PlannedReport = { file: ReportFile; forewordMd: string; pdf: { path: string; fileName: string; data: Buffer; sha256: string; pageCount: number }; media: PlannedMedia[] };
/** Media items by "YYYY/<slug>". */
export type ImportSummary = { siteChanged: boolean; created: number[]; updated: number[]; unchanged: number[]; filesStored: number; media: { created: string[]; updated: string[]; unchanged: string[] } };

export type ImportDeps = Pick<Dependencies, 'db' | 'storage' | 'clock' | 'events'> & {
  config: Pick<Config, 'mediaProbeTimeoutSeconds' | 'mediaPosterTimeoutSeconds' | 'mediaProcesses' | 'mediaCaptionsMaxKb' | 'mediaTranscriptMaxKb'>;
};
export type Show = (path: string) => string;
