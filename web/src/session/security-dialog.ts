import { ROLE_PERMISSIONS, type Role } from '../../../src/core/access-control.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import type { ApiTokenInfo } from '../../../src/core/account.schema.js';
import { h, mount } from '../shared/dom.js';
import { placeIssues } from '../shared/field-errors.js';
import { field } from '../shared/form-controls.js';
import './security.css';

const messageOf = (failure: unknown): string => (failure instanceof ApiError ? failure.message : 'That did not work; try again.');

/**
 * The signed-in user's own security: change the password (which logs out every other session), turn on a second
 * factor with an authenticator app, log out everywhere else, and create or revoke API tokens for machines.
 */
export class SecurityDialog {
  readonly element = h('dialog', { class: 'form-dialog security-dialog', 'data-testid': 'security-dialog', 'aria-labelledby': 'security-title' });
  private readonly tokenList = h('ul', { class: 'token-list', 'data-testid': 'token-list' });

  constructor(
    private readonly api: ApiClient,
    private readonly role: Role,
  ) {
    this.element.append(
      h(
        'div',
        { class: 'incident-form' },
        h(
          'div',
          { class: 'form-header' },
          h('h2', { id: 'security-title' }, 'Security'),
          h('button', { type: 'button', class: 'close', 'aria-label': 'Close', 'data-testid': 'security-close', onclick: () => this.element.close() }, '×'),
        ),
        h('div', { class: 'form-body' }, this.passwordSection(), this.totpSection(), this.sessionsSection(), this.tokensSection()),
      ),
    );
  }

  open(): void {
    if (!this.element.open) this.element.showModal();
    void this.refreshTokens();
  }

  private status(testId: string) {
    return h('p', { class: 'security-status', role: 'status', 'data-testid': testId, hidden: true });
  }

  private static say(slot: HTMLElement, text: string) {
    slot.textContent = text;
    slot.hidden = false;
  }

  private passwordSection(): HTMLElement {
    const current = h('input', { type: 'password', autocomplete: 'current-password', 'data-testid': 'security-current-password' });
    const next = h('input', { type: 'password', autocomplete: 'new-password', minlength: 12, 'data-testid': 'security-new-password' });
    const status = this.status('password-status');
    const form = h(
      'form',
      { class: 'form-section', novalidate: true },
      h('h3', {}, 'Password'),
      field('security', 'currentPassword', 'Current password', current),
      field('security', 'newPassword', 'New password', next, { hint: 'At least 12 characters; a phrase of your own is best. Other sessions are logged out.' }),
      h('div', {}, h('button', { type: 'submit', 'data-testid': 'security-change-password' }, 'Change password')),
      status,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      placeIssues(form, [], 'server');
      this.api.changePassword(current.value, next.value).then(
        ({ sessionsEnded }) => {
          current.value = next.value = '';
          SecurityDialog.say(status, `Password changed. ${sessionsEnded} other session${sessionsEnded === 1 ? '' : 's'} logged out.`);
        },
        (failure: unknown) => {
          if (failure instanceof ApiError) placeIssues(form, failure.issues, 'server');
          SecurityDialog.say(status, messageOf(failure));
        },
      );
    });
    return form;
  }

  private totpSection(): HTMLElement {
    const status = this.status('totp-status');
    const enrolment = h('div', { class: 'totp-enrolment', hidden: true });
    const start = h('button', { type: 'button', 'data-testid': 'totp-enrol' }, 'Set up an authenticator app');
    const section = h('div', { class: 'form-section' }, h('h3', {}, 'Two-step sign-in'), h('p', { class: 'hint' }, 'Once on, signing in needs a code from an authenticator app as well as the password.'), h('div', {}, start), enrolment, status);
    start.addEventListener('click', () => {
      this.api.enrolTotp().then(
        ({ qrCode, secret }) => {
          const code = h('input', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, 'data-testid': 'totp-code' });
          const confirm = h('button', { type: 'submit', class: 'primary', 'data-testid': 'totp-confirm' }, 'Turn on');
          const form = h('form', { class: 'totp-confirm', novalidate: true }, field('totp', 'code', 'Code from the app', code), confirm);
          form.addEventListener('submit', (event) => {
            event.preventDefault();
            this.api.confirmTotp(code.value.trim()).then(
              () => {
                enrolment.hidden = true;
                start.hidden = true;
                SecurityDialog.say(status, 'Two-step sign-in is on.');
              },
              (failure: unknown) => {
                if (failure instanceof ApiError) placeIssues(form, failure.issues, 'server');
                SecurityDialog.say(status, messageOf(failure));
              },
            );
          });
          mount(
            enrolment,
            h('p', {}, 'Scan this code with your authenticator app, or type the key, then enter the code it shows.'),
            h('img', { src: qrCode, alt: 'QR code for your authenticator app', class: 'totp-qr', width: 200, height: 200, 'data-testid': 'totp-qr' }),
            h('p', {}, 'Key: ', h('code', { 'data-testid': 'totp-secret' }, secret)),
            form,
          );
          enrolment.hidden = false;
          status.hidden = true;
        },
        (failure: unknown) => SecurityDialog.say(status, messageOf(failure)),
      );
    });
    return section;
  }

  private sessionsSection(): HTMLElement {
    const status = this.status('sessions-status');
    const button = h('button', { type: 'button', 'data-testid': 'revoke-other-sessions' }, 'Log out everywhere else');
    button.addEventListener('click', () => {
      this.api.revokeOtherSessions().then(
        ({ sessionsEnded }) => SecurityDialog.say(status, `${sessionsEnded} other session${sessionsEnded === 1 ? '' : 's'} logged out.`),
        (failure: unknown) => SecurityDialog.say(status, messageOf(failure)),
      );
    });
    return h('div', { class: 'form-section' }, h('h3', {}, 'Sessions'), h('div', {}, button), status);
  }

  private tokensSection(): HTMLElement {
    const status = this.status('token-status');
    const name = h('input', { 'data-testid': 'token-name', placeholder: 'e.g. nightly export' });
    const scopes = h(
      'fieldset',
      { class: 'token-scopes' },
      h('legend', {}, 'What it may do (within your own permissions)'),
      ROLE_PERMISSIONS[this.role].map((permission) =>
        h('label', { class: 'token-scope' }, h('input', { type: 'checkbox', value: permission, 'data-testid': `token-scope-${permission}` }), ` ${permission}`),
      ),
    );
    const expires = h('input', { type: 'date', 'data-testid': 'token-expires' });
    const secret = h('p', { class: 'token-secret', 'data-testid': 'token-secret', hidden: true });
    const form = h(
      'form',
      { class: 'form-section', novalidate: true },
      h('h3', {}, 'API tokens'),
      h('p', { class: 'hint' }, 'For scripts and machines: sent as "Authorization: Bearer <token>". The token is shown once.'),
      this.tokenList,
      field('token', 'name', 'Name', name),
      scopes,
      field('token', 'expiresAt', 'Expires (optional)', expires),
      h('div', {}, h('button', { type: 'submit', 'data-testid': 'token-create' }, 'Create token')),
      secret,
      status,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      placeIssues(form, [], 'server');
      const checked = new Set([...scopes.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value));
      const chosen = ROLE_PERMISSIONS[this.role].filter((permission) => checked.has(permission));
      const input = { name: name.value, scopes: chosen, ...(expires.value && { expiresAt: new Date(`${expires.value}T23:59:59Z`).toISOString() }) };
      this.api.createApiToken(input).then(
        (created) => {
          status.hidden = true;
          mount(secret, 'Copy this token now; it will not be shown again: ', h('code', {}, created.secret));
          secret.hidden = false;
          name.value = '';
          void this.refreshTokens();
        },
        (failure: unknown) => {
          if (failure instanceof ApiError) placeIssues(form, failure.issues, 'server');
          SecurityDialog.say(status, messageOf(failure));
        },
      );
    });
    return form;
  }

  private async refreshTokens(): Promise<void> {
    let tokens: ApiTokenInfo[];
    try {
      tokens = await this.api.apiTokens();
    } catch {
      return;
    }
    mount(
      this.tokenList,
      tokens.length === 0 ? h('li', { class: 'hint' }, 'No tokens.') : null,
      tokens.map((token) =>
        h(
          'li',
          { 'data-testid': 'token-row' },
          h('strong', {}, token.name),
          ` — ${token.scopes.join(', ')}${token.expiresAt ? `; expires ${token.expiresAt.slice(0, 10)}` : ''} `,
          h('button', { type: 'button', 'data-testid': 'token-revoke', onclick: () => void this.api.revokeApiToken(token.id).then(() => this.refreshTokens()) }, 'Revoke'),
        ),
      ),
    );
  }
}
