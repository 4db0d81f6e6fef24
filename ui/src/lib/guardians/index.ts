import { backend } from '../backend/ipc';
import type { GuardianConsentInput } from '../generated/GuardianConsentInput';
import type { GuardianInput } from '../generated/GuardianInput';
import type { GuardianTexts } from '../generated/GuardianTexts';
import type { PatientView } from '../generated/PatientView';

/** The forms the desk can print (the CLI's names). */
export type FormKind = 'minor-consent' | 'guardian-consent' | 'adult-consent';

export const guardians = {
  /** The notices and the items offered for this patient's age, exactly as they will be hashed. */
  texts: (id: number) => backend.call<GuardianTexts>('guardian_texts', { id }),
  /** Records the legal representative's consent; returns the updated record. */
  consent: (id: number, input: GuardianConsentInput) => backend.call<PatientView>('guardian_consent', { id, input }),
  /** Prints a form for the patient: prefilled with the typed guardians, or a signed record's copy. */
  print: (id: number, kind: FormKind, recordId: number | null, typed: GuardianInput[]) =>
    backend.call<string>('guardian_print', { id, kind, recordId, guardians: typed }),
  /** Saves a signed copy into a folder, with a reason (logged). */
  savePdf: (id: number, recordId: number, folder: string, reason: string) =>
    backend.call<string>('guardian_save_pdf', { id, recordId, folder, reason }),
  printBlank: (kind: FormKind) => backend.call<string>('forms_print_blank', { kind }),
};

export function emptyGuardian(): GuardianInput {
  return {
    name: '',
    relationship: '',
    relationship_other: '',
    mobile: '',
    verification: '',
    verification_note: '',
    called_at: '',
  };
}
