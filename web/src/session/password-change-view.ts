import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { placeIssues } from '../shared/field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';
import { field } from '../shared/form-controls.js';
import './login.css';

/**
 * The screen that stands before the app while the password is a one-time one an administrator set: the server answers
 * nothing else until the user has chosen their own. The server's policy (length, common passwords, the username)
 * speaks at the fields.
 */
export function passwordChangeView(api: ApiClient, onChanged: () => void, onLogout: () => void): HTMLElement {
  const input = (name: string, autocomplete: string) => h('input', { type: 'password', autocomplete, required: true, 'data-testid': `first-password-${name}` });
  const current = input('current', 'current-password');
  const next = input('new', 'new-password');
  const repeat = input('repeat', 'new-password');
  const error = h('p', { class: 'error-banner', role: 'alert', 'data-testid': 'first-password-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'first-password-submit' }, 'Save my password');
  const form = h(
    'form',
    { class: 'login-card', 'aria-labelledby': 'first-password-title', novalidate: true },
    h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Haven'),
    h('h1', { id: 'first-password-title' }, 'Choose your own password'),
    h('p', { class: 'login-lede' }, 'Your password was set by an administrator. Choose one only you know before going on.'),
    field('first-password', 'currentPassword', 'Password you were given', current),
    field('first-password', 'newPassword', 'New password', next, { hint: 'At least 12 characters; a phrase of your own is best.' }),
    field('first-password', 'repeat', 'New password again', repeat),
    error,
    submit,
    h('button', { type: 'button', class: 'link-button', 'data-testid': 'first-password-logout', onclick: onLogout }, 'Log out'),
  );
  const show = (issues: readonly RowIssue[], message?: string) => {
    placeIssues(form, issues, 'server');
    error.textContent = message ?? '';
    error.hidden = message === undefined;
  };
  const save = async () => {
    if (next.value !== repeat.value) return show([{ path: 'repeat', message: 'is not the same as the new password' }]);
    show([]);
    submit.disabled = true;
    try {
      await api.changePassword(current.value, next.value);
      onChanged();
    } catch (failure) {
      if (failure instanceof ApiError) show(failure.issues, failure.issues.length > 0 ? undefined : failure.message);
      else show([], 'Saving the password failed; try again.');
    } finally {
      submit.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  queueMicrotask(() => current.focus());
  return h('main', { class: 'login-screen', 'data-testid': 'password-change-view' }, form);
}
