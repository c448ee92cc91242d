import { newUserSchema, ROLES, type Role } from '../../../src/core/access-control.js';
import { ApiError, type ApiClient, type UserAccount } from '../shared/api-client.js';
import type { SessionUser } from '../../../src/core/account.schema.js';
import { h, mount } from '../shared/dom.js';
import { issuesOf, placeIssues } from '../shared/field-errors.js';
import { field, select } from '../shared/form-controls.js';
import { humanize, timestampText } from '../shared/format.js';
import { errorMessage, loadable, type Loadable } from '../shared/loadable.js';
import './users.css';

const ROLE_CHOICES = ROLES.map((role) => ({ value: role, label: humanize(role) }));
const TOTP_TEXT: Record<UserAccount['totp'], string> = { none: 'Off', enrolling: 'Being set up', enabled: 'On' };

const isLocked = (account: UserAccount): boolean => account.lockedUntil !== null && new Date(account.lockedUntil).getTime() > Date.now();

/** What the list says of an account's access, most pressing first. */
export function accountStatus(account: UserAccount): string {
  const parts = [
    account.disabled ? 'Disabled' : undefined,
    isLocked(account) ? `Locked until ${timestampText(account.lockedUntil!)}` : undefined,
    account.mustChangePassword ? 'Must change password' : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? 'Active' : parts.join(' · ');
}

/**
 * The team, for administrators (user:manage): who has access, in which role, and in what state (disabled, locked out
 * after failed sign-ins, still on a one-time password), with the actions an administrator takes on an account. A new
 * user or a reset gets a one-time password from the server, shown here once, which its owner must replace at first
 * sign-in. Each action shows the account as the server now has it; a refusal (the last administrator, oneself) is
 * said in words.
 */
export class UsersArea {
  readonly element: HTMLElement;
  private readonly rows = h('tbody', { 'data-testid': 'user-rows' });
  private readonly status = h('p', { class: 'list-status', role: 'status', 'data-testid': 'users-status' });
  private readonly message = h('p', { class: 'error-banner', role: 'alert', 'data-testid': 'users-message', hidden: true });
  private readonly secret = h('section', { class: 'one-time-password', 'data-testid': 'one-time-password-panel', 'aria-live': 'polite', hidden: true });
  private readonly form: HTMLFormElement;
  private readonly list: HTMLElement;
  private readonly loader: Loadable<[]>;

  constructor(
    private readonly api: ApiClient,
    private readonly me: SessionUser,
  ) {
    this.form = this.newUserForm();
    this.list = h(
      'section',
      { class: 'users-list', 'data-testid': 'users-list', 'aria-labelledby': 'users-list-title' },
      h('h2', { class: 'panel-title', id: 'users-list-title' }, 'The team'),
      h(
        'table',
        { class: 'data-table users-table' },
        h('thead', {}, h('tr', {}, ['Username', 'Name', 'Role', 'Status', 'Last sign-in', 'Two-step sign-in', 'Sessions', 'Actions'].map((heading) => h('th', { scope: 'col' }, heading)))),
        this.rows,
      ),
      this.status,
    );
    this.element = h(
      'div',
      { class: 'users-area', 'data-testid': 'users-area' },
      h(
        'div',
        { class: 'users-top' },
        h('h1', { class: 'monitor-heading' }, 'Users'),
        h('button', { type: 'button', class: 'primary', 'data-testid': 'new-user', onclick: () => this.openForm() }, 'New user'),
      ),
      h('main', { class: 'users-body', 'aria-label': 'Users' }, this.form, this.secret, this.message, this.list),
    );
    this.loader = loadable(this.list, (signal) => this.api.listUsers(signal), (accounts) => this.show(accounts), { status: this.status, failed: 'The users could not be read' });
    void this.loader.load();
  }

  reshow(): void {
    void this.loader.load();
  }

  destroy(): void {
    this.loader.abort();
    this.element.remove();
  }

  private show(accounts: readonly UserAccount[]): string {
    this.rows.replaceChildren(...accounts.map((account) => this.row(account)));
    this.list.dataset.count = String(accounts.length);
    return `${accounts.length} user${accounts.length === 1 ? '' : 's'}.`;
  }

  private openForm(): void {
    this.form.hidden = false;
    this.form.querySelector('input')?.focus();
  }

  private newUserForm(): HTMLFormElement {
    const username = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'new-user-username' });
    const displayName = h('input', { type: 'text', autocomplete: 'off', 'data-testid': 'new-user-display-name' });
    const role = select('text', ROLE_CHOICES, undefined, 'Choose a role…');
    role.dataset.testid = 'new-user-role';
    const form = h(
      'form',
      { class: 'new-user-form', 'data-testid': 'new-user-form', 'aria-labelledby': 'new-user-title', novalidate: true, hidden: true },
      h('h2', { class: 'panel-title', id: 'new-user-title' }, 'New user'),
      h(
        'div',
        { class: 'new-user-fields' },
        field('new-user', 'username', 'Username', username, { hint: 'Lower-case letters, digits, dot, dash or underscore.' }),
        field('new-user', 'displayName', 'Name', displayName),
        field('new-user', 'role', 'Role', role),
      ),
      h('p', { class: 'hint' }, 'Haven makes a one-time password, shown once here, for you to pass on; they choose their own at first sign-in.'),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'new-user-create' }, 'Create user'),
        h('button', { type: 'button', 'data-testid': 'new-user-cancel', onclick: () => this.closeForm() }, 'Cancel'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = { username: username.value, displayName: displayName.value, role: role.value };
      const checked = newUserSchema.safeParse(input);
      if (!checked.success) return placeIssues(form, issuesOf(checked.error), 'client');
      placeIssues(form, [], 'client');
      this.api.createUser(checked.data).then(
        (created) => {
          this.closeForm();
          if (created.oneTimePassword) this.showSecret(`${created.username} is created.`, created.oneTimePassword);
          void this.loader.load();
        },
        (failure: unknown) => {
          if (failure instanceof ApiError && failure.issues.length > 0) placeIssues(form, failure.issues, 'server');
          else this.say(errorMessage(failure));
        },
      );
    });
    return form;
  }

  private closeForm(): void {
    this.form.reset();
    placeIssues(this.form, [], 'client');
    this.form.hidden = true;
  }

  /** The one-time password, once: there is no way to read it again (a reset makes a new one). */
  private showSecret(what: string, password: string): void {
    const copied = h('span', { class: 'hint', role: 'status', 'data-testid': 'one-time-password-copied' });
    const copy = () =>
      void navigator.clipboard.writeText(password).then(
        () => (copied.textContent = 'Copied.'),
        () => (copied.textContent = 'Copying is not allowed here: select the password and copy it.'),
      );
    mount(
      this.secret,
      h('h2', { class: 'panel-title' }, 'One-time password'),
      h('p', {}, what, ' Pass this password on to them; it is shown only now.'),
      h('p', { class: 'one-time-password-line' }, h('code', { 'data-testid': 'one-time-password' }, password), h('button', { type: 'button', 'data-testid': 'one-time-password-copy', onclick: copy }, 'Copy'), copied),
      h('p', { class: 'hint' }, 'It must be changed at first sign-in: Haven asks them to choose their own before anything else.'),
      h('button', { type: 'button', 'data-testid': 'one-time-password-done', onclick: () => this.hideSecret() }, 'Done'),
    );
    this.secret.hidden = false;
  }

  private hideSecret(): void {
    this.secret.replaceChildren();
    this.secret.hidden = true;
  }

  private say(text: string | undefined): void {
    this.message.textContent = text ?? '';
    this.message.hidden = text === undefined;
  }

  /** Runs an action on an account, then shows the account as the server now has it; a refusal is said above the list. */
  private act(account: UserAccount, action: () => Promise<UserAccount | void>): void {
    this.say(undefined);
    action()
      .then((updated) => updated ?? this.api.userAccount(account.id))
      .then(
        (updated) => this.replaceRow(updated),
        (failure: unknown) => {
          this.say(`${account.username}: ${errorMessage(failure)}`);
          void this.api.userAccount(account.id).then((current) => this.replaceRow(current), () => undefined);
        },
      );
  }

  private replaceRow(account: UserAccount): void {
    const old = this.rows.querySelector(`[data-id="${CSS.escape(account.id)}"]`);
    if (old) old.replaceWith(this.row(account));
    else void this.loader.load();
  }

  private row(account: UserAccount): HTMLElement {
    const self = account.id === this.me.id;
    const role = select('text', ROLE_CHOICES, account.role);
    role.setAttribute('aria-label', `Role of ${account.username}`);
    role.dataset.testid = 'user-role';
    const saveRole = h('button', { type: 'button', 'data-testid': 'user-role-save', disabled: true }, 'Save');
    role.addEventListener('change', () => (saveRole.disabled = role.value === account.role));
    saveRole.addEventListener('click', () => this.act(account, () => this.api.setUserRole(account.id, role.value as Role)));

    const confirmReset = h(
      'span',
      { class: 'confirm-reset', 'data-testid': 'user-reset-confirm-panel', hidden: true },
      `Reset the password of ${account.username}? Their sessions end. `,
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          'data-testid': 'user-reset-confirm',
          onclick: () =>
            this.act(account, async () => {
              const issued = await this.api.resetUserPassword(account.id);
              this.showSecret(`The password of ${account.username} is reset.`, issued.oneTimePassword);
              return issued.account;
            }),
        },
        'Reset',
      ),
      h('button', { type: 'button', onclick: () => (confirmReset.hidden = true) }, 'Keep it'),
    );
    const locked = isLocked(account);
    const button = (testId: string, label: string, action: () => void) => h('button', { type: 'button', 'data-testid': testId, onclick: action }, label);
    const actions = h(
      'div',
      { class: 'user-actions' },
      locked ? button('user-unlock', 'Unlock', () => this.act(account, () => this.api.unlockUser(account.id).then((r) => r.account))) : null,
      // Nobody disables or resets themselves (the server refuses too); one's own sessions end from the Security dialog.
      self
        ? null
        : [
            button(account.disabled ? 'user-enable' : 'user-disable', account.disabled ? 'Enable' : 'Disable', () =>
              this.act(account, () => this.api.setUserDisabled(account.id, !account.disabled).then(() => undefined)),
            ),
            button('user-reset', 'Reset password', () => (confirmReset.hidden = false)),
            account.activeSessions > 0 ? button('user-end-sessions', 'End sessions', () => this.act(account, () => this.api.endUserSessions(account.id).then(() => undefined))) : null,
          ],
    );
    return h(
      'tr',
      { 'data-testid': 'user-row', 'data-id': account.id, 'data-username': account.username, 'data-role': account.role, 'data-locked': String(locked), 'data-disabled': String(account.disabled) },
      h('td', {}, h('code', {}, account.username), self ? h('span', { class: 'hint' }, ' (you)') : null),
      h('td', {}, account.displayName),
      h('td', {}, h('span', { class: 'user-role-edit' }, role, saveRole)),
      h('td', { 'data-testid': 'user-status' }, accountStatus(account)),
      h('td', {}, account.lastSignInAt ? h('time', { datetime: account.lastSignInAt }, timestampText(account.lastSignInAt)) : 'Never'),
      h('td', { 'data-testid': 'user-totp' }, TOTP_TEXT[account.totp]),
      h('td', { 'data-testid': 'user-sessions' }, String(account.activeSessions)),
      h('td', {}, actions, confirmReset),
    );
  }
}
