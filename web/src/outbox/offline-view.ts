import '../shared/map-library.css';
import '../shared/layout.css';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { IncidentForm } from '../incidents/incident-form.js';
import { outboxController } from './outbox-controller.js';
import { outboxIndicator } from './outbox-panel.js';

/**
 * Haven opened with no network (the service worker served the app): the server cannot say who is signed in, so the
 * register cannot be shown. What can be done is done here: record incidents (with the map, the device's position and
 * files), kept encrypted in the outbox, and see what waits. When the network returns, `onOnline` starts the app again,
 * which sends the outbox once signed in.
 *
 * Sensitive fields (names of victims and witnesses) are not offered here: whether this user may record them is the
 * server's to say, and it cannot be asked. They can be added to the incident once it is sent.
 */
export function offlineView(api: ApiClient, onOnline: () => void): HTMLElement {
  const controller = outboxController(api);
  const notice = h('p', { class: 'saved-notice', role: 'status', 'data-testid': 'outbox-notice', hidden: true });
  const form = new IncidentForm(api, {
    withSensitive: false,
    outbox: controller,
    onSaved: () => undefined,
    onKept: (message) => {
      notice.textContent = message;
      notice.hidden = false;
    },
  });
  const online = () => {
    window.removeEventListener('online', online);
    onOnline();
  };
  window.addEventListener('online', online);
  return h(
    'main',
    { class: 'offline-screen', 'data-testid': 'offline-view' },
    h('h1', {}, 'Haven — no network'),
    h(
      'p',
      {},
      'The server cannot be reached. You can still record incidents: they are kept on this device, encrypted with your offline passphrase, and sent as soon as the network returns and you are signed in.',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'new-incident', onclick: () => form.openCreate() }, 'Record incident'),
      outboxIndicator(controller),
    ),
    notice,
    form.element,
  );
}
