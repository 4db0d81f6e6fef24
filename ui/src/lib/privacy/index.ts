import { backend } from '../backend/ipc';
import type { BackupCopy } from '../generated/BackupCopy';
import type { SafetyCopy } from '../generated/SafetyCopy';
import type { ActiveHold } from '../generated/ActiveHold';
import type { AnswerInput } from '../generated/AnswerInput';
import type { Destruction } from '../generated/Destruction';
import type { Due } from '../generated/Due';
import type { PaperOriginal } from '../generated/PaperOriginal';
import type { DuePatient } from '../generated/DuePatient';
import type { ShreddingInput } from '../generated/ShreddingInput';
import type { PrivacyRequestInput } from '../generated/PrivacyRequestInput';
import type { PrivacySummary } from '../generated/PrivacySummary';
import type { PrivacyView } from '../generated/PrivacyView';
import type { RetentionRule } from '../generated/RetentionRule';
import type { Review } from '../generated/Review';
import type { ReviewFilterInput } from '../generated/ReviewFilterInput';
import type { ReviewPage } from '../generated/ReviewPage';

/** Data-subject requests and retention (the privacy officer). Every call is logged. */
export const privacy = {
  requests: (openOnly: boolean) => backend.call<PrivacySummary[]>('privacy_requests', { openOnly }),
  open: (id: number) => backend.call<PrivacyView>('privacy_request_open', { id }),
  intake: (chartNo: string, input: PrivacyRequestInput) =>
    backend.call<PrivacyView>('privacy_intake', { chartNo, input }),
  answer: (id: number, input: AnswerInput) => backend.call<PrivacyView>('privacy_answer', { id, input }),
  /** The result notice, or the copy of everything held (an export: a reason is required). */
  print: (id: number, form: 'notice' | 'copy', reason: string) =>
    backend.call<string>('privacy_print', { id, form, reason }),
  rules: () => backend.call<RetentionRule[]>('retention_rules_get'),
  saveRules: (rules: RetentionRule[]) => backend.call<RetentionRule[]>('retention_rules_set', { rules }),
  preview: () => backend.call<Due[]>('retention_preview'),
  due: () => backend.call<boolean>('retention_due'),
  /** Backup copies past their 12 months (the run deletes them). */
  oldBackups: () => backend.call<BackupCopy[]>('retention_old_backups'),
  /** A restore's safety copies past their 30 days (the run deletes them). */
  safetyCopies: () => backend.call<SafetyCopy[]>('retention_safety_copies'),
  /** The run; `confirmDate` is today's date typed by the officer when the clock looked wrong. */
  run: (confirmDate: string | null) => backend.call<Due[]>('retention_run', { confirmDate }),
  log: () => backend.call<Destruction[]>('retention_log'),
  /** The paper originals that go with the records due, where each is filed (logged). */
  papers: () => backend.call<PaperOriginal[]>('retention_papers'),
  /** The patients the next run destroys (chart number, name, last visit; logged). */
  duePatients: () => backend.call<DuePatient[]>('retention_patients'),
  shredded: (input: ShreddingInput) => backend.call<PaperOriginal[]>('retention_shredded', { input }),
  review: (filter: ReviewFilterInput) => backend.call<ReviewPage>('audit_review_query', { filter }),
  recordReview: (month: string, comment: string) => backend.call<Review[]>('audit_review_record', { month, comment }),
  reviews: () => backend.call<Review[]>('audit_reviews'),
  holds: () => backend.call<ActiveHold[]>('holds'),
  placeHold: (chartNo: string, reason: string) => backend.call<ActiveHold[]>('hold_place', { chartNo, reason }),
  liftHold: (id: number) => backend.call<ActiveHold[]>('hold_lift', { id }),
};

export function emptyRequest(): PrivacyRequestInput {
  return {
    kind: '',
    target: '',
    requester_name: '',
    capacity: 'subject',
    check: '',
    check_note: '',
    details: '',
    received_at: '',
  };
}
