import { Workbox } from 'workbox-window';
import { h } from './dom.js';

let registered: Promise<void> | undefined;

/**
 * Registers the service worker the build writes (vite.config.ts): it keeps the app's shell and offline map so Haven
 * opens with no network. Called once someone has signed in, so the login page never downloads the map code. A new
 * release waits for the user (registerType 'prompt'): a bar offers to reload, never mid-way through a form.
 */
export function registerServiceWorker(): Promise<void> {
  // (The Vite dev server writes no service worker: registering there fails, with a warning in the console.)
  if (!('serviceWorker' in navigator)) return Promise.resolve();
  registered ??= (async () => {
    const workbox = new Workbox('/sw.js', { scope: '/' });
    workbox.addEventListener('waiting', () => showUpdateBar(workbox));
    await workbox.register();
  })().catch((error: unknown) => {
    // Haven works without it, online: say so in the console, not in the user's way.
    console.warn(`the offline app could not be installed: ${error instanceof Error ? error.message : String(error)}`);
  });
  return registered;
}

function showUpdateBar(workbox: Workbox): void {
  if (document.querySelector('[data-testid="update-bar"]')) return;
  const bar = h(
    'div',
    { class: 'update-bar', role: 'status', 'data-testid': 'update-bar' },
    'A new version of Haven is ready. ',
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          workbox.addEventListener('controlling', () => window.location.reload());
          workbox.messageSkipWaiting();
        },
      },
      'Reload to use it',
    ),
    h('button', { type: 'button', onclick: () => bar.remove() }, 'Later'),
  );
  document.body.append(bar);
}
