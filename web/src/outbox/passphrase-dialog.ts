import { h } from '../shared/dom.js';
import { MIN_PASSPHRASE_LENGTH, OutboxCryptoError } from './outbox-crypto.js';

/**
 * Asks for the offline passphrase: to choose one (the first record kept on this device) or to unlock the outbox after
 * a reload. `accept` is tried with what was typed; its error (a wrong passphrase) is shown and the user tries again.
 * Resolves true once accepted, false if the user cancels.
 */
export function askPassphrase(mode: 'choose' | 'enter', accept: (passphrase: string) => Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const passphrase = h('input', { type: 'password', name: 'passphrase', autocomplete: mode === 'choose' ? 'new-password' : 'current-password', required: true, 'data-testid': 'outbox-passphrase' });
    const confirm = h('input', { type: 'password', name: 'confirm', autocomplete: 'new-password', required: true, 'data-testid': 'outbox-passphrase-confirm' });
    const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'outbox-passphrase-error', hidden: true });
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'outbox-passphrase-submit' }, mode === 'choose' ? 'Keep records with this passphrase' : 'Unlock');
    const form = h(
      'form',
      { class: 'passphrase-form', 'data-testid': 'outbox-passphrase-form' },
      h('header', { class: 'form-header' }, h('h2', {}, mode === 'choose' ? 'Choose an offline passphrase' : 'Unlock the outbox')),
      h(
        'div',
        { class: 'form-body' },
        h(
          'p',
          { class: 'hint' },
          mode === 'choose'
            ? `Records kept on this device until they are sent are encrypted with a key only this passphrase opens (at least ${MIN_PASSPHRASE_LENGTH} characters). It is never sent or stored. If it is lost, the records not yet sent are lost with it.`
            : 'The records waiting on this device are encrypted. Enter the offline passphrase chosen when the first one was kept.',
        ),
        h('label', {}, 'Offline passphrase', passphrase),
        mode === 'choose' ? h('label', {}, 'The same again', confirm) : null,
        error,
      ),
      h('footer', { class: 'form-footer' }, h('div', { class: 'actions' }, submit, h('button', { type: 'button', 'data-testid': 'outbox-passphrase-cancel', onclick: () => finish(false) }, 'Cancel'))),
    );
    const dialog = h('dialog', { class: 'form-dialog passphrase-dialog', 'data-testid': 'outbox-passphrase-dialog' }, form);
    const finish = (accepted: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(accepted);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        const say = (message: string) => {
          error.textContent = message;
          error.hidden = false;
        };
        if (mode === 'choose' && passphrase.value !== confirm.value) return say('the two passphrases differ');
        submit.disabled = true;
        say(mode === 'choose' ? 'Making the key…' : 'Unlocking…');
        try {
          await accept(passphrase.value);
          finish(true);
        } catch (failure) {
          say(failure instanceof OutboxCryptoError ? failure.message : `the outbox could not be opened: ${String(failure)}`);
          passphrase.select();
        } finally {
          submit.disabled = false;
        }
      })();
    });
    document.body.append(dialog);
    dialog.showModal();
    passphrase.focus();
  });
}
