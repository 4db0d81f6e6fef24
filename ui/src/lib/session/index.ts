import { backend } from '../backend/ipc';
import type { AppStatus } from '../generated/AppStatus';
import type { ClinicProfile } from '../generated/ClinicProfile';
import type { FieldError } from '../generated/FieldError';
import type { NewAccount } from '../generated/NewAccount';
import type { PhraseAnswer } from '../generated/PhraseAnswer';
import type { SetupResult } from '../generated/SetupResult';
import type { RecoverySheetView } from '../generated/RecoverySheetView';

export const session = {
  status: () => backend.call<AppStatus>('app_status'),
  setLang: (lang: string) => backend.call<AppStatus>('set_lang', { lang }),
  /** `passwordOnly`: the clinic chose, on a PC without a keyring, sign-in keys that need only a password. */
  setup: (profile: ClinicProfile, admin: NewAccount, passwordOnly = false) =>
    backend.call<SetupResult>('setup', { profile, admin, passwordOnly }),
  /** The problems of the account fields given, by the backend's rules, in the UI's language. */
  checkAccount: (input: { username?: string; display_name?: string; password?: string }) =>
    backend.call<FieldError[]>('check_account', {
      username: input.username ?? null,
      displayName: input.display_name ?? null,
      password: input.password ?? null,
    }),
  confirmPhrase: (answers: PhraseAnswer[]) => backend.call<boolean>('confirm_phrase', { answers }),
  unlockWithPhrase: (phrase: string) => backend.call<AppStatus>('unlock_with_phrase', { phrase }),
  signIn: (username: string, password: string) => backend.call<AppStatus>('sign_in', { username, password }),
  signOut: () => backend.call<AppStatus>('sign_out'),
  changePassword: (current: string, next: string) => backend.call<AppStatus>('change_password', { current, new: next }),
  /** Ends the session: `button` for the lock button, `idle` for the idle timer (logged apart). */
  lockNow: (reason: 'button' | 'idle') => backend.call<AppStatus>('lock_now', { reason }),
  touch: () => backend.call<null>('touch'),
  /** A screen has rendered (reported only when the start-up benchmark asks for it). */
  ready: (screen: string) => backend.call<null>('ui_ready', { screen }),
  /** What the recovery sheet shows besides the phrase (during setup only); printed in the app. */
  recoverySheet: () => backend.call<RecoverySheetView>('recovery_sheet'),
};
