import { ApiError, type ApiClient } from '../shared/api-client.js';
import type { LoginResult } from '../../../src/core/account.schema.js';
import { h } from '../shared/dom.js';
import './login.css';

/** The login screen. The server sets an HTTP-only session cookie; the page never sees the token. */
export function loginView(api: ApiClient, onLoggedIn: (user: LoginResult['user']) => void): HTMLElement {
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, 'data-testid': 'login-username' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const error = h('p', { class: 'error-banner', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, 'Log in');
  // The second step, shown when the server answers `totp_required`: the password was right, a code is still needed.
  const totp = h('input', { id: 'login-totp', name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, 'data-testid': 'login-totp' });
  const totpField = h('div', { class: 'field', hidden: true, 'data-testid': 'login-totp-field' }, h('label', { for: totp.id }, 'Code from your authenticator app'), totp);

  const form = h(
    'form',
    { class: 'login-card', 'aria-labelledby': 'login-title' },
    h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Haven'),
    h('h1', { id: 'login-title' }, 'Log in'),
    h('p', { class: 'login-lede' }, 'A register of harm to people in conflict: incidents, their sources and their verification.'),
    h('div', { class: 'field' }, h('label', { for: username.id }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: password.id }, 'Password'), password),
    totpField,
    error,
    submit,
  );
  const logIn = async () => {
    error.hidden = true;
    submit.disabled = true;
    try {
      const { user } = await api.login(username.value, password.value, totpField.hidden ? undefined : totp.value.trim());
      onLoggedIn(user);
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.message : 'Logging in failed; try again.';
      error.hidden = false;
      if (failure instanceof ApiError && failure.code === 'totp_required') {
        totpField.hidden = false;
        totp.value = '';
        totp.focus();
      } else {
        password.select();
      }
    } finally {
      submit.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void logIn();
  });
  queueMicrotask(() => username.focus());
  return h('main', { class: 'login-screen', 'data-testid': 'login-view' }, form);
}
