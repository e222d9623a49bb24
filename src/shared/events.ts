/** What happened, for the modules that react (search index, ingestion jobs, page cache). */
export type AppEvents = {
  'document.added': { documentId: string; reportId: string };
  /** `ocr`: announced again by OCR when recognised pages have landed (not a new read of the PDF). */
  'document.ingested': { documentId: string; reportId: string; ocr?: boolean };
  'report.changed': { reportId: string };
  'site.changed': Record<string, never>;
  /**
   * Another instance changed what public pages show (its report.changed, site.changed, document.*, sent through
   * PostgreSQL NOTIFY by src/modules/instances). Page caches drop what they hold, as on those events.
   */
  'cache.invalidate': { reason: 'report.changed' | 'site.changed' | 'document.added' | 'document.ingested' | 'reconnected'; reportId?: string };
};

export type EventName = keyof AppEvents;
type Handler<N extends EventName> = (payload: AppEvents[N]) => Promise<void> | void;

export type EventBus = {
  on: <N extends EventName>(name: N, handler: Handler<N>) => void;
  /** Runs every handler in turn and waits for them, so a caller knows the effects are done. */
  emit: <N extends EventName>(name: N, payload: AppEvents[N]) => Promise<void>;
};

export function createEventBus({ onError }: { onError: (error: unknown, name: EventName) => void }): EventBus {
  const handlers = new Map<EventName, Handler<EventName>[]>();
  return {
    on(name, handler) {
      const list = handlers.get(name) ?? [];
      list.push(handler as Handler<EventName>);
      handlers.set(name, list);
    },
    async emit(name, payload) {
      for (const handler of handlers.get(name) ?? []) {
        try {
          await handler(payload);
        } catch (error) {
          onError(error, name);
        }
      }
    },
  };
}
