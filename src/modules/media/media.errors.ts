import { createError } from '../../shared/errors.js';
import type { MediaProblem } from './media.types.js';

const uploadMessages: Record<MediaProblem, { code: string; message: string }> = {
  not_media: { code: 'media.not_media', message: 'Filen er hverken video eller lyd. Vælg en MP4-, WebM-, MP3-, M4A- eller Ogg-fil.' },
  unsupported_codec: { code: 'media.unsupported_codec', message: 'Filen bruger et format, som browsere ikke kan afspille. Gem videoen som MP4 (H.264 og AAC) eller WebM, og lyd som MP3, M4A eller Ogg/Opus.' },
  malformed: { code: 'media.malformed', message: 'Filen er beskadiget og kan ikke afspilles.' },
  timeout: { code: 'media.timeout', message: 'Filen tog for lang tid at læse.' },
  ffmpeg_missing: { code: 'media.ffmpeg_missing', message: 'Video og lyd kræver programmet ffmpeg på serveren, og det er ikke installeret. Bed driften installere det (på Debian og Ubuntu: apt-get install ffmpeg).' },
};

/** A media upload that cannot be used: 422 (503 when ffmpeg is missing) with a short Danish message for the editor. */
export const createMediaRejectedError = ({ problem, detail }: { problem: MediaProblem; detail?: string }) =>
  createError({ code: uploadMessages[problem].code, status: problem === 'ffmpeg_missing' ? 503 : 422, message: uploadMessages[problem].message, details: { problem, detail }, expose: true });

export const createCaptionsRejectedError = ({ tooLarge }: { tooLarge?: number }) =>
  tooLarge === undefined
    ? createError({ code: 'media.bad_captions', status: 422, message: 'Undertekstfilen er hverken WebVTT eller SRT.', details: { problem: 'bad_captions' } })
    : createError({ code: 'media.captions_too_large', status: 413, message: `Undertekstfilen er for stor. Den må højst fylde ${tooLarge} KB.`, details: { problem: 'captions_too_large', kb: tooLarge } });

export const createPosterRejectedError = ({ tooLarge }: { tooLarge?: number }) =>
  tooLarge === undefined
    ? createError({ code: 'media.bad_poster', status: 422, message: 'Plakaten skal være et billede i JPEG, PNG eller WebP.', details: { problem: 'bad_poster' } })
    : createError({ code: 'media.poster_too_large', status: 413, message: `Plakaten er for stor. Den må højst fylde ${tooLarge} MB.`, details: { problem: 'poster_too_large', mb: tooLarge } });

export const createTranscriptTooLongError = ({ maxKb }: { maxKb: number }) =>
  createError({ code: 'media.transcript_too_long', status: 422, message: `Udskriften er for lang. Den må højst fylde ${maxKb} KB.`, details: { problem: 'transcript_too_long', kb: maxKb } });

export const createMediaNotFoundError = () => createError({ code: 'media.not_found', status: 404, message: 'Filmen eller lyden findes ikke.' });

/** The item's details changed after the form was opened (see mediaDetailsVersion): who did it, when, and the version now. */
export const createMediaConflictError = ({ by, at, title, version }: { by: string; at: string; title: string; version: string }) =>
  createError({ code: 'media.conflict', status: 409, message: 'Filmen eller lyden er ændret af en anden, efter du åbnede den.', details: { problem: 'conflict', by, at, title, version } });
