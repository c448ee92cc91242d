// First: zod's settings must hold before any module makes a schema.
import './zod-config.js';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { ApiClient, ApiError, type SessionUser } from './api-client.js';
import { AppView } from './app-view.js';
import { h, mount } from './dom.js';
import { loginView } from './login-view.js';
import { applyPaletteToCss } from './palette.js';

/** Start: the main screen for a live session, else the login screen; back to login on logout or a lost session. */
const root = document.getElementById('app')!;
const api = new ApiClient();
let app: AppView | undefined;

function showLogin(): void {
  // Several requests can find the session gone at once; the first one shows the login screen.
  if (!app && root.querySelector('[data-testid="login-view"]')) return;
  app?.destroy();
  app = undefined;
  mount(root, loginView(api, showApp));
}

function showApp(user: SessionUser): void {
  app?.destroy();
  app = new AppView(api, user, showLogin);
  mount(root, app.element);
}

async function start(): Promise<void> {
  applyPaletteToCss();
  api.onSessionLost = showLogin;
  try {
    showApp(await api.me());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    mount(root, h('main', { class: 'login-screen' }, h('p', { class: 'error-banner', role: 'alert' }, `Haven cannot start: ${error instanceof Error ? error.message : String(error)}`)));
  }
}

void start();
