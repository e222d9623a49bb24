import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const mediaConfig = {
  mediaProbeTimeoutSeconds: defineSetting({ env: 'MEDIA_PROBE_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 1, max: 600 }), default: '20', doc: 'Wall-clock limit for ffprobe reading one uploaded video or audio file (duration, dimensions, codecs); the process is killed when it passes and the upload is refused.' }),
  mediaPosterTimeoutSeconds: defineSetting({ env: 'MEDIA_POSTER_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 1, max: 600 }), default: '30', doc: 'Wall-clock limit for ffmpeg taking a poster image from a video when the editor uploaded none.' }),
  mediaProcesses: defineSetting({ env: 'MEDIA_PROCESSES', schema: integerFromEnv({ min: 1, max: 64 }), default: '2', doc: 'ffprobe and ffmpeg processes at once in this instance (reading uploaded films and sounds, taking posters); further uploads wait for a turn.' }),
  mediaCaptionsMaxKb: defineSetting({ env: 'MEDIA_CAPTIONS_MAX_KB', schema: integerFromEnv({ min: 16, max: 102400 }), default: '2048', doc: 'Largest captions file (WebVTT or SRT) an editor may upload for one film or sound; a larger one is refused with a message.' }),
  mediaTranscriptMaxKb: defineSetting({ env: 'MEDIA_TRANSCRIPT_MAX_KB', schema: integerFromEnv({ min: 16, max: 10240 }), default: '1024', doc: 'Largest transcript (text or Markdown) of one film or sound; a longer one is refused with a message.' }),
  mediaPosterMaxMb: defineSetting({ env: 'MEDIA_POSTER_MAX_MB', schema: integerFromEnv({ min: 1, max: 100 }), default: '5', doc: 'Largest poster image (JPEG, PNG or WebP) an editor may upload for a film.' }),
};
