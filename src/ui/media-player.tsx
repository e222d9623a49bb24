import type { ViewContext } from './view-context.js';
import type { PublicMedia } from '../modules/media/media.types.js';
import { formatFileSize } from '../shared/format.js';
import { contentLang } from './content-lang.js';
import { formatDuration } from '../modules/media/media.models.js';

/**
 * The browser's own player: no autoplay, `preload="none"` (nothing but the poster is fetched before
 * the reader presses play), width and height from ffprobe so the poster takes its place at once,
 * Danish captions as the default track, and a line for browsers that play neither (the download link is below).
 */
export function MediaPlayer({ ctx, media }: { ctx: ViewContext; media: PublicMedia }) {
  const { t } = ctx;
  const track = media.urls.captions ? <track kind="captions" src={media.urls.captions} srclang="da" label={t('media.captionsLabel')} default /> : null;
  // Plain text, not a link: Chromium lets Tab reach a link in a player's fallback content, where it is
  // never drawn (an invisible focus stop). The download link is right below the player.
  const fallback = t('media.noPlayer');
  if (media.kind === 'audio') {
    return (
      <audio class="media-player media-player--audio" controls preload="none">
        <source src={media.urls.file} type={media.mimeType} />
        {track}
        {fallback}
      </audio>
    );
  }
  return (
    <video class="media-player media-player--video" controls preload="none" playsinline poster={media.urls.poster ?? undefined} width={media.width ?? 640} height={media.height ?? 360}>
      <source src={media.urls.file} type={media.mimeType} />
      {track}
      {fallback}
    </video>
  );
}

/** Length, type and size, and the links every item has: its transcript page and the download. */
export function MediaLinks({ ctx, media, withPage }: { ctx: ViewContext; media: PublicMedia; withPage: boolean }) {
  const { t, locale } = ctx;
  const kind = t(media.kind === 'video' ? 'media.kindVideo' : 'media.kindAudio');
  return (
    <ul class="media-links">
      {withPage ? <li><a href={media.pageUrl}>{t(media.transcriptMd ? 'media.transcriptLink' : 'media.pageLink')}<span class="sr-only"> · <bdi>{media.title}</bdi></span></a></li> : null}
      <li>
        <a href={media.urls.download} type={media.mimeType}>{t('media.download', { kind })}<span class="sr-only"> · <bdi>{media.title}</bdi></span></a>{' '}
        <span class="media-links__meta">({formatDuration({ seconds: media.durationSeconds })}, {formatFileSize({ bytes: media.size, locale })})</span>
      </li>
    </ul>
  );
}

/**
 * "Se og hør" on the report page: the main film first (the lowest position), then the others, each
 * with its title, description, player and links. Nothing is rendered for a report without media.
 */
export function MediaSection({ ctx, media }: { ctx: ViewContext; media: PublicMedia[] }) {
  if (media.length === 0) return null;
  const { t } = ctx;
  const lang = contentLang(ctx);
  return (
    <section aria-labelledby="se-og-hoer" class="media-section">
      <h2 id="se-og-hoer">{t('media.sectionHeading')}</h2>
      {media.map((item, index) => (
        <article class={index === 0 ? 'media-item media-item--main' : 'media-item'} aria-labelledby={`medie-${item.slug}`}>
          <h3 id={`medie-${item.slug}`} lang={lang}><a href={item.pageUrl}><bdi>{item.title}</bdi></a></h3>
          {item.description ? <p class="media-item__description" lang={lang}>{item.description}</p> : null}
          <MediaPlayer ctx={ctx} media={item} />
          <MediaLinks ctx={ctx} media={item} withPage />
        </article>
      ))}
    </section>
  );
}
