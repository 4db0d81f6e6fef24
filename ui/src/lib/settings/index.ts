import { backend } from '../backend/ipc';
import type { AppSettings } from '../generated/AppSettings';
import type { ConsentPolicy } from '../generated/ConsentPolicy';

export const settings = {
  get: () => backend.call<AppSettings>('settings_get'),
  setIdleLock: (minutes: number) => backend.call<null>('settings_set_idle_lock', { minutes }),
  setPasswordAge: (months: number) => backend.call<null>('settings_set_password_age', { months }),
  setConsentPolicy: (policy: ConsentPolicy) => backend.call<null>('settings_set_consent_policy', { policy }),
  setRooms: (rooms: string[]) => backend.call<string[]>('settings_set_rooms', { rooms }),
  setDisplayNames: (on: boolean) => backend.call<null>('settings_set_display_names', { on }),
  setPhoneMonths: (months: number) => backend.call<null>('settings_set_phone_months', { months }),
  setChartFormat: (format: string) => backend.call<string>('settings_set_chart_format', { format }),
  /** The number `format` would give (counter 42, this year), or an error naming the problem. */
  chartPreview: (format: string) => backend.call<string>('settings_chart_preview', { format }),
};
