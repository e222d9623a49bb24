import type { ViewContext } from '../../ui/view-context.js';
import { Layout } from '../../ui/layout.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { LoginForm, type LoginFormState } from '../../ui/login-form.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';
import type { User, UserRole } from './auth.types.js';

export function LoginPage({ ctx, state }: { ctx: ViewContext; state?: LoginFormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('common.login')} crumbs={[{ label: t('common.login') }]}>
      <h1>{t('common.login')}</h1>
      <LoginForm ctx={ctx} state={state} />
    </Layout>
  );
}

/**
 * After logging in again: the form the editor sent when their session had ended, with what they
 * wrote as hidden fields and a token for the new session, sent on with one button (no JavaScript).
 */
export function ResumeFormPage({ ctx, action, fields }: { ctx: ViewContext; action: string; fields: [string, string][] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.resumeTitle')} crumbs={[{ label: t('auth.resumeTitle') }]}>
      <h1>{t('auth.resumeTitle')}</h1>
      <p>{t('auth.resumeText')}</p>
      <form method="post" action={action} class="form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {fields.map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <button type="submit" class="button button--primary">{t('auth.resumeSend')}</button>
      </form>
      <p><a href={action}>{t('auth.resumeDiscard')}</a></p>
    </Layout>
  );
}

export type NewUserFormState = { email?: string; name?: string; role?: UserRole; fieldErrors?: { email?: string; name?: string; role?: string; password?: string } };

export function UsersPage({ ctx, users, newUser = {}, notice, error, minPasswordLength }: { ctx: ViewContext; users: User[]; newUser?: NewUserFormState; notice?: string; error?: string; minPasswordLength: number }) {
  const { t } = ctx;
  const roleLabel = (role: UserRole) => t(role === 'admin' ? 'auth.roleAdmin' : 'auth.roleEditor');
  // The server refuses to disable or demote the last active administrator (auth.lastAdmin), so that user is offered neither.
  const activeAdmins = users.filter((u) => u.role === 'admin' && !u.disabledAt).length;
  const isOnlyActiveAdmin = (u: User) => u.role === 'admin' && !u.disabledAt && activeAdmins === 1;
  const fe = newUser.fieldErrors ?? {};
  const errors: FieldError[] = [
    ...(error ? [{ field: 'brugere-tabel', message: error }] : []),
    ...(fe.email ? [{ field: 'ny-bruger-email', message: fe.email }] : []),
    ...(fe.name ? [{ field: 'ny-bruger-navn', message: fe.name }] : []),
    ...(fe.role ? [{ field: 'ny-bruger-rolle', message: fe.role }] : []),
    ...(fe.password ? [{ field: 'ny-bruger-adgangskode', message: fe.password }] : []),
  ];
  const field = (id: string, message: string | undefined) => ({ 'aria-invalid': message ? ('true' as const) : undefined, 'aria-describedby': message ? fieldErrorId(id) : undefined });
  return (
    <AdminLayout ctx={ctx} title={t('auth.usersTitle')}>
      <h1>{t('auth.usersTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {notice ? <div class="alert alert--success" role="status"><p>{notice}</p></div> : null}
      <div class="workspace-table-wrap" id="brugere-tabel" tabIndex={-1}>
        <table class="workspace-table">
          <thead>
            <tr>
              <th scope="col">{t('auth.usersEmail')}</th>
              <th scope="col">{t('auth.usersName')}</th>
              <th scope="col">{t('auth.usersRole')}</th>
              <th scope="col">{t('auth.usersStatus')}</th>
              <th scope="col">{t('auth.usersActions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr id={`bruger-${user.id}`}>
                <th scope="row"><bdi>{user.email}</bdi></th>
                <td><bdi>{user.name}</bdi></td>
                <td>
                  {isOnlyActiveAdmin(user) ? roleLabel(user.role) : (
                    <form method="post" action={`/admin/brugere/${encodeURIComponent(user.id)}/rolle`} class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <label class="visually-hidden" for={`rolle-${user.id}`}>{t('auth.usersRole')}</label>
                      <select class="form-select" id={`rolle-${user.id}`} name="role">
                        <option value="editor" selected={user.role === 'editor'}>{roleLabel('editor')}</option>
                        <option value="admin" selected={user.role === 'admin'}>{roleLabel('admin')}</option>
                      </select>{' '}
                      <button type="submit" class="button button--secondary" aria-label={t('auth.usersSaveRole', { email: user.email })}>{t('auth.usersChangeRole')}</button>
                    </form>
                  )}
                </td>
                <td>{t(user.disabledAt ? 'auth.statusDisabled' : 'auth.statusActive')}</td>
                <td>
                  {isOnlyActiveAdmin(user) ? <span class="workspace-muted" data-only-admin>{t('admin.onlyActiveAdmin')}</span> : (
                    <form method="post" action={`/admin/brugere/${encodeURIComponent(user.id)}/${user.disabledAt ? 'aktiver' : 'deaktiver'}`} class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <button type="submit" class="button button--secondary">{t(user.disabledAt ? 'auth.usersEnable' : 'auth.usersDisable', { email: user.email })}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('auth.usersAddTitle')}</h2>
      <form method="post" action="/admin/brugere" class="form" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class={fe.email ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for="ny-bruger-email">{t('auth.usersEmail')}</label>
          <FieldErrorMessage ctx={ctx} field="ny-bruger-email" message={fe.email} />
          <input class="form-input" id="ny-bruger-email" type="email" name="email" autocomplete="off" required value={newUser.email ?? ''} {...field('ny-bruger-email', fe.email)} />
        </div>
        <div class={fe.name ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for="ny-bruger-navn">{t('auth.usersName')}</label>
          <FieldErrorMessage ctx={ctx} field="ny-bruger-navn" message={fe.name} />
          <input class="form-input" id="ny-bruger-navn" type="text" name="name" autocomplete="off" value={newUser.name ?? ''} {...field('ny-bruger-navn', fe.name)} />
        </div>
        <div class={fe.role ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for="ny-bruger-rolle">{t('auth.usersRole')}</label>
          <FieldErrorMessage ctx={ctx} field="ny-bruger-rolle" message={fe.role} />
          <select class="form-select" id="ny-bruger-rolle" name="role" {...field('ny-bruger-rolle', fe.role)}>
            <option value="editor" selected={newUser.role !== 'admin'}>{roleLabel('editor')}</option>
            <option value="admin" selected={newUser.role === 'admin'}>{roleLabel('admin')}</option>
          </select>
        </div>
        <div class={fe.password ? 'form-group form-group--error' : 'form-group'}>
          <label class="form-label" for="ny-bruger-adgangskode">{t('auth.usersInitialPassword', { min: minPasswordLength })}</label>
          <FieldErrorMessage ctx={ctx} field="ny-bruger-adgangskode" message={fe.password} />
          <input class="form-input" id="ny-bruger-adgangskode" type="password" name="password" autocomplete="new-password" required {...field('ny-bruger-adgangskode', fe.password)} />
        </div>
        <button type="submit" class="button button--primary">{t('auth.usersAdd')}</button>
      </form>
    </AdminLayout>
  );
}
