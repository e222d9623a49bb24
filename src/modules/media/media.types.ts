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
