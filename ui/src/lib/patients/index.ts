import { backend } from '../backend/ipc';
import type { ConsentChoice } from '../generated/ConsentChoice';
import type { RegistrationTexts } from '../generated/RegistrationTexts';
import type { PatientCheck } from '../generated/PatientCheck';
import type { PatientHit } from '../generated/PatientHit';
import type { PatientInput } from '../generated/PatientInput';
import type { PatientView } from '../generated/PatientView';
import type { Registered } from '../generated/Registered';

export const patients = {
  /** Results as you type; the search the person settles on is logged with the ids it showed. */
  search: (query: string) => backend.call<PatientHit[]>('patients_search', { query }),
  /** The results on screen are the ones settled on: logged now. */
  settle: () => backend.call<null>('patients_search_settle'),
  /** Every field's problem by the backend's rules, and the age; writes nothing. */
  check: (input: PatientInput) => backend.call<PatientCheck>('patient_check', { input }),
  /** The notice of what care needs (never asked) and the optional items, as hashed and stored. */
  consentTexts: () => backend.call<RegistrationTexts>('consent_texts'),
  register: (input: PatientInput, consents: ConsentChoice[], samePersonChecked: boolean) =>
    backend.call<Registered>('patient_register', { input, consents, samePersonChecked }),
  /** Opens a record (logged). */
  open: (id: number) => backend.call<PatientView>('patient_open', { id }),
  openChart: (chartNo: string) => backend.call<PatientView>('patient_open_chart', { chartNo }),
  correct: (id: number, input: PatientInput) => backend.call<PatientView>('patient_correct', { id, input }),
  revealRrn: (id: number, reason: string) => backend.call<string>('patient_reveal_rrn', { id, reason }),
  giveConsents: (id: number, consents: ConsentChoice[]) =>
    backend.call<PatientView>('patient_give_consents', { id, consents }),
  setMarketing: (id: number, granted: boolean, hash: string | null, byPhone: boolean) =>
    backend.call<PatientView>('patient_set_marketing', { id, granted, hash, byPhone }),
  printConsent: (id: number) => backend.call<string>('patient_print_consent', { id }),
};

export function emptyInput(): PatientInput {
  return {
    name: '',
    birth_date: '',
    rrn: '',
    gender: '',
    address: '',
    phone: '',
    mobile: '',
    email: '',
    chart_no: '',
    service_status: '',
  };
}

/** The form of a record, for correcting it (the RRN left empty: empty keeps the stored one). */
export function inputOf(p: PatientView): PatientInput {
  return {
    name: p.name,
    birth_date: p.birth_date,
    rrn: '',
    gender: p.gender,
    address: p.address,
    phone: p.phone ?? '',
    mobile: p.mobile ?? '',
    email: p.email ?? '',
    chart_no: '',
    service_status: p.service_status ?? '',
  };
}

/**
 * Birth date and gender as the RRN's first seven digits say (the form fills them in when still
 * empty; the backend checks they agree either way). `null` when the front part is incomplete.
 */
/** What typed text most likely is, to carry it into the new-patient form. */
export function carryOver(query: string): Partial<PatientInput> {
  const q = query.trim();
  if (!q) return {};
  if (/^\d{4}-\d{2}-\d{2}$/.test(q)) return { birth_date: q };
  const digits = q.replace(/[\s-]/g, '');
  // Six digits are more likely a birth date (YYMMDD) than part of a phone number: carry nothing.
  if (/^\d{6}$/.test(digits) && !q.includes('-')) return {};
  if (/^\d+$/.test(digits)) return digits.startsWith('01') ? { mobile: q } : { phone: q };
  if (/^[\p{Script=Hangul}\p{Script=Latin} ]+$/u.test(q) && !/^[ㄱ-ㅎ]+$/.test(q)) return { name: q };
  return {};
}
