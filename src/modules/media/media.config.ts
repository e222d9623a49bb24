import { defineSetting, integerFromEnv } from '../../config/config.helpers.js';

export const mediaConfig = {
  mediaProbeTimeoutSeconds: defineSetting({ env: 'MEDIA_PROBE_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 1, max: 600 }), default: '20', doc: 'Wall-clock limit for ffprobe reading one uploaded video or audio file (duration, dimensions, codecs); the process is killed when it passes and the upload is refused.' }),
  mediaPosterTimeoutSeconds: defineSetting({ env: 'MEDIA_POSTER_TIMEOUT_SECONDS', schema: integerFromEnv({ min: 1, max: 600 }), default: '30', doc: 'Wall-clock limit for ffmpeg taking a poster image from a video when the editor uploaded none.' }),
};
