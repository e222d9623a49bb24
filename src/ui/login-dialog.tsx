import type { ViewContext } from './view-context.js';
import { LoginForm } from './login-form.js';

/** The "Log ind" dialog: closed until the script opens it; without JavaScript the link leads to /log-ind. */
export function LoginDialog({ ctx }: { ctx: ViewContext }) {
  return (
    <dialog id="log-ind-dialog" class="dialog" aria-labelledby="log-ind-dialog-titel">
      <div class="dialog__head">
        <h2 id="log-ind-dialog-titel">{ctx.t('common.login')}</h2>
        <button type="button" class="dialog__close" data-closes-dialog aria-label={ctx.t('common.close')}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <LoginForm ctx={ctx} idPrefix="dialog-" />
    </dialog>
  );
}
