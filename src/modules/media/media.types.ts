export type MediaKind = 'video' | 'audio';

/** The containers accepted, told apart by their first bytes (never by the file name). */
export type MediaContainer = 'mp4' | 'webm' | 'mp3' | 'ogg';

/** What ffprobe says about an accepted file. */
export type MediaProbe = {
  kind: MediaKind;
  container: MediaContainer;
  mimeType: string;
  durationSeconds: number;
  width: number | undefined;
  height: number | undefined;
  videoCodec: string | undefined;
  audioCodec: string | undefined;
};

export type MediaProblem = 'not_media' | 'unsupported_codec' | 'malformed' | 'timeout' | 'ffmpeg_missing';

/** A film or sound as readers get it: what the report page, the item page, the API, the feed and JSON-LD show. */
export type PublicMedia = {
  slug: string;
  kind: MediaKind;
  title: string;
  description: string;
  durationSeconds: number;
  width: number | null;
  height: number | null;
  mimeType: string;
  size: number;
  fileName: string;
  transcriptMd: string | null;
  /** `/beretninger/<year>/film/<slug>`: the item's own page with the transcript as text. */
  pageUrl: string;
  urls: { file: string; download: string; captions: string | null; poster: string | null };
  posterType: string | null;
  updatedAt: string;
};

/** What the workspace's media forms do as their multipart parts arrive (see media-admin.routes.tsx). */
export type MediaFormHandlers<Part, Reply, Key, Errors, Conflict = unknown> = {
  /** Checks the text fields (they come first); catalogue keys per field, or undefined when all is well. */
  onFields: (fields: Record<string, string>) => Promise<Partial<Record<keyof Errors, Key>> | undefined>;
  onFile: (args: { name: string; part: Part; fields: Record<string, string> }) => Promise<void>;
  /** After the last part: the address to go to. */
  onDone: (fields: Record<string, string>) => Promise<string>;
  onRefused: (args: { status: number; errors: Errors; fields: Record<string, string> }) => Promise<Reply>;
  /** The form was opened on details changed since (a 409 `media.conflict`): the page again with the input and `message`. */
  onConflict?: (args: { error: Conflict; message: string; fields: Record<string, string> }) => Promise<Reply>;
};
