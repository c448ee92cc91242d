// First: zod's settings must hold before any module makes a schema.
import './shared/zod-config.js';
import './shared/base.css';
import { ApiClient, ApiError } from './shared/api-client.js';
import type { SessionUser } from '../../src/core/account.schema.js';
import type { AppView } from './app-view.js';
import { h, mount } from './shared/dom.js';
import { loginView } from './session/login-view.js';
import { applyPaletteToCss } from './shared/palette.js';

/** Start: the main screen for a live session, else the login screen; back to login on logout or a lost session. */
const root = document.getElementById('app')!;
const api = new ApiClient();
let app: AppView | undefined;

function showLogin(): void {
  // Several requests can find the session gone at once; the first one shows the login screen.
  if (!app && root.querySelector('[data-testid="login-view"]')) return;
  app?.destroy();
  app = undefined;
  mount(root, loginView(api, (user) => void enter(user).catch(showCannotStart)));
}

/** The app, or first the screen to replace a one-time password (the server refuses everything else until then). */
async function enter(user: SessionUser): Promise<void> {
  if (user.mustChangePassword) await showPasswordChange();
  else await showApp(user);
}

/** Loaded only when needed, like the main screen, so the login page stays light. */
async function showPasswordChange(): Promise<void> {
  const { passwordChangeView } = await import('./session/password-change-view.js');
  if (root.querySelector('[data-testid="password-change-view"]')) return;
  app?.destroy();
  app = undefined;
  const logOut = () => void api.logout().catch(() => undefined).then(showLogin);
  mount(root, passwordChangeView(api, () => void api.me().then(enter).catch(showCannotStart), logOut));
}

function showCannotStart(error: unknown): void {
  mount(root, h('main', { class: 'login-screen' }, h('p', { class: 'error-banner', role: 'alert' }, `Haven cannot start: ${error instanceof Error ? error.message : String(error)}`)));
}

/**
 * The main screen is loaded only once someone has signed in, so the login page never fetches MapLibre and the
 * country shapes (1.8 MB) before anyone has.
 */
async function showApp(user: SessionUser): Promise<void> {
  // Installed once someone has signed in: the service worker then keeps the app (map included) for offline use.
  void import('./shared/service-worker.js').then(({ registerServiceWorker }) => registerServiceWorker());
  const { AppView } = await import('./app-view.js');
  app?.destroy();
  app = new AppView(api, user, showLogin);
  mount(root, app.element);
}

/** No network (the service worker opened the app): record into the outbox until it returns, then start again. */
async function showOffline(): Promise<void> {
  const { offlineView } = await import('./outbox/offline-view.js');
  app?.destroy();
  app = undefined;
  mount(root, offlineView(api, () => void start()));
}

async function start(): Promise<void> {
  applyPaletteToCss();
  api.onSessionLost = showLogin;
  api.onPasswordChangeRequired = () => void showPasswordChange().catch(showCannotStart);
  try {
    await enter(await api.me());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    if (error instanceof ApiError && error.status === 0) return showOffline();
    showCannotStart(error);
  }
}

void start();
