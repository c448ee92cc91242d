import type { Role } from '../core/access-control.js';
import type { Store } from '../store/store.js';
import { timeOrderedId } from './time-ordered-id.js';

/** Who is acting: every use case takes one, and every write records it. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
}

/** What use cases need from the outside world, passed in so tests can fix time and ids. */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
}

export function createAppContext(store: Store): AppContext {
  return { store, now: () => new Date(), newId: () => timeOrderedId() };
}
