import { describe, expect, it } from 'vitest';
import { interpretProbe, sniffMediaContainer, toWebVtt } from './media.models.js';

const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('sniffMediaContainer', () => {
  it('knows MP4/M4A, WebM, Ogg and MP3 by their first bytes', () => {
    expect(sniffMediaContainer(bytes(0, 0, 0, 0x20, 'ftypisom', 0, 0))).toBe('mp4');
    expect(sniffMediaContainer(bytes(0x1a, 0x45, 0xdf, 0xa3, 0, 0))).toBe('webm');
    expect(sniffMediaContainer(bytes('OggS', 0, 2))).toBe('ogg');
    expect(sniffMediaContainer(bytes('ID3', 4, 0))).toBe('mp3');
    expect(sniffMediaContainer(bytes(0xff, 0xfb, 0x90, 0x64))).toBe('mp3');
  });

  it('refuses a PDF or text whatever it is called', () => {
    expect(sniffMediaContainer(bytes('%PDF-1.7\n'))).toBeUndefined();
    expect(sniffMediaContainer(bytes('hello world'))).toBeUndefined();
    expect(sniffMediaContainer(bytes())).toBeUndefined();
  });
});

describe('interpretProbe', () => {
  it('reads an H.264/AAC film: kind, type, size, duration', () => {
    const result = interpretProbe({ container: 'mp4', output: { streams: [{ codec_type: 'video', codec_name: 'h264', width: 320, height: 180 }, { codec_type: 'audio', codec_name: 'aac' }], format: { duration: '3.000000' } } });
    expect(result).toEqual({ probe: { kind: 'video', container: 'mp4', mimeType: 'video/mp4', durationSeconds: 3, width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac' } });
  });

  it('an MP3 with cover art is audio, not video', () => {
    const result = interpretProbe({ container: 'mp3', output: { streams: [{ codec_type: 'audio', codec_name: 'mp3' }, { codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } }], format: { duration: '2.5' } } });
    expect(result).toMatchObject({ probe: { kind: 'audio', mimeType: 'audio/mpeg', width: undefined } });
  });

  it('refuses codecs browsers cannot play and files without streams', () => {
    expect(interpretProbe({ container: 'mp4', output: { streams: [{ codec_type: 'video', codec_name: 'hevc' }], format: { duration: '1' } } })).toMatchObject({ problem: 'unsupported_codec' });
    expect(interpretProbe({ container: 'mp4', output: { streams: [], format: { duration: '1' } } })).toMatchObject({ problem: 'not_media' });
    expect(interpretProbe({ container: 'ogg', output: { streams: [{ codec_type: 'audio', codec_name: 'opus' }], format: {} } })).toMatchObject({ problem: 'malformed' });
  });
});

describe('toWebVtt', () => {
  it('converts SRT to WebVTT: numbers dropped, commas to full stops, CRLF and BOM gone', () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nGod morgen\r\n\r\n2\r\n0:00:03,000 --> 0:00:04,000\r\nÅrets første linje\r\nog den anden\r\n';
    expect(toWebVtt(srt)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nGod morgen\n\n00:00:03.000 --> 00:00:04.000\nÅrets første linje\nog den anden\n');
  });

  it('keeps WebVTT as it is', () => {
    const vtt = 'WEBVTT\n\n00:01.000 --> 00:02.000 line:90%\n<v Anna>Hej</v>\n';
    expect(toWebVtt(vtt)).toBe(vtt);
  });

  it('refuses text that is neither', () => {
    expect(toWebVtt('just a transcript\nwith lines')).toBeUndefined();
    expect(toWebVtt('')).toBeUndefined();
  });
});
