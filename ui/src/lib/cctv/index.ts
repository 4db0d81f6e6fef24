import { backend } from '../backend/ipc';
import type { CameraWarning } from '../generated/CameraWarning';
import type { CctvSetup } from '../generated/CctvSetup';
import type { LegalBasis } from '../generated/LegalBasis';
import type { LedgerInput } from '../generated/LedgerInput';
import type { LedgerRow } from '../generated/LedgerRow';
import type { RequestInput } from '../generated/RequestInput';
import type { RequestSummary } from '../generated/RequestSummary';
import type { RequestView } from '../generated/RequestView';
import type { RequestStep } from '../generated/RequestStep';

/** CCTV requests, the camera setup and the management ledger (the CCTV officer; the privacy
 *  officer reads). Every call is logged by the backend. */
export const cctv = {
  setup: () => backend.call<CctvSetup>('cctv_setup_get'),
  saveSetup: (setup: CctvSetup) => backend.call<CctvSetup>('cctv_setup_set', { setup }),
  /** Places the cameras must not see, or only with consent (the backend's rule). */
  warnings: (setup: CctvSetup) => backend.call<CameraWarning[]>('cctv_setup_warnings', { setup }),
  /** The legal bases a new ledger row may name. */
  bases: () => backend.call<LegalBasis[]>('cctv_ledger_bases'),
  requests: (openOnly: boolean) => backend.call<RequestSummary[]>('cctv_requests', { openOnly }),
  open: (id: number) => backend.call<RequestView>('cctv_request_open', { id }),
  intake: (input: RequestInput) => backend.call<RequestView>('cctv_intake', { input }),
  step: (id: number, step: RequestStep) => backend.call<RequestView>('cctv_step', { id, step }),
  ledger: (from: string, to: string, kind: string | null) =>
    backend.call<LedgerRow[]>('cctv_ledger', { from, to, kind }),
  addLedger: (input: LedgerInput) => backend.call<number>('cctv_ledger_add', { input }),
  places: () => backend.call<string[]>('cctv_export_places'),
  exportLedger: (
    from: string,
    to: string,
    kind: string | null,
    format: 'pdf' | 'csv',
    folder: string,
    reason: string,
  ) => backend.call<string>('cctv_ledger_export', { from, to, kind, format, folder, reason }),
  /** The request form (filled for `id`, blank for null) or a decision notice. */
  print: (id: number | null, form: 'request' | 'notice') => backend.call<string>('cctv_print', { id, form }),
};

export function emptyRequest(): RequestInput {
  return {
    kind: 'view',
    requester_name: '',
    requester_birth: '',
    requester_address: '',
    requester_phone: '',
    relation: 'subject',
    relation_reason: '',
    footage_from: '',
    footage_to: '',
    locations: [],
    filmed_name: '',
    filmed_birth: '',
    power_of_attorney: false,
    purpose: '',
    id_check: '',
    id_check_note: '',
    received_at: '',
  };
}
