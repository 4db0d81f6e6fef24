import { backend } from '../backend/ipc';
import type { NewStaffInput } from '../generated/NewStaffInput';
import type { Role } from '../generated/Role';
import type { StaffRow } from '../generated/StaffRow';
import type { KeyStatusView } from '../generated/KeyStatusView';

export const staff = {
  list: () => backend.call<StaffRow[]>('staff_list'),
  add: (input: NewStaffInput) => backend.call<StaffRow>('staff_add', { input }),
  setRole: (username: string, role: Role) => backend.call<null>('staff_set_role', { username, role }),
  setDisabled: (username: string, disabled: boolean) =>
    backend.call<null>('staff_set_disabled', { username, disabled }),
  resetPassword: (username: string, password: string) =>
    backend.call<null>('staff_reset_password', { username, password }),
  /** Sign-in keys: their kind, the old database key in the keyring, who has none yet. */
  keyStatus: () => backend.call<KeyStatusView>('key_status'),
  /** Removes the old database key from the keyring (finishes the upgrade). */
  forgetLegacyKey: () => backend.call<boolean>('forget_legacy_key'),
};
