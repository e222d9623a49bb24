import type { ViewContext } from './view-context.js';

/**
 * "Lyt til beretningen": the controls of listen.js, rendered hidden. The script shows them only
 * where the browser can speak (speechSynthesis with at least one voice); without script or voices
 * nothing appears. The texts it needs come along as data attributes, in the reader's language.
 * Nothing leaves the browser: the browser's own speech synthesis reads the chapter shown.
 */
export function ListenPlayer({ ctx, lang }: { ctx: ViewContext; lang: string | undefined }) {
  const { t } = ctx;
  return (
    <section class="listen-player" aria-labelledby="lyt-overskrift" hidden data-listen data-listen-lang={lang ?? 'da'}
      data-text-play={t('listen.play')} data-text-pause={t('listen.pause')} data-text-resume={t('listen.resume')}
      data-text-no-danish={t('listen.noDanishVoice')} data-text-reading={t('listen.reading', { n: '{n}', total: '{total}' })}
      data-text-paused={t('listen.paused')} data-text-done={t('listen.done')}>
      <h2 id="lyt-overskrift">{t('listen.heading')}</h2>
      <p>{t('listen.intro')}</p>
      <div class="listen-player__controls">
        <button type="button" class="button button--primary" data-listen-play aria-pressed="false">{t('listen.play')}</button>
        <button type="button" class="button button--secondary" data-listen-previous>{t('listen.previous')}</button>
        <button type="button" class="button button--secondary" data-listen-next>{t('listen.next')}</button>
        <label class="form-label" for="lyt-hastighed">{t('listen.speed')}</label>
        <select class="form-select" id="lyt-hastighed" data-listen-rate>
          <option value="0.75">0,75×</option>
          <option value="1" selected>1×</option>
          <option value="1.25">1,25×</option>
          <option value="1.5">1,5×</option>
          <option value="2">2×</option>
        </select>
      </div>
      <p class="listen-player__voice" data-listen-voice hidden />
      <p class="sr-only" role="status" aria-live="polite" data-listen-status />
    </section>
  );
}
