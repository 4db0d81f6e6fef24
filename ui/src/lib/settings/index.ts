import { backend } from '../backend/ipc';
import type { AppSettings } from '../generated/AppSettings';

export const settings = {
  get: () => backend.call<AppSettings>('settings_get'),
  setIdleLock: (minutes: number) => backend.call<null>('settings_set_idle_lock', { minutes }),
};
