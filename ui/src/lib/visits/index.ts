import { backend } from '../backend/ipc';
import type { CheckinHint } from '../generated/CheckinHint';
import type { CheckinInput } from '../generated/CheckinInput';
import type { VisitRow } from '../generated/VisitRow';
import type { VisitStatus } from '../generated/VisitStatus';
import type { AppointmentInput } from '../generated/AppointmentInput';
import type { AppointmentRow } from '../generated/AppointmentRow';
import type { CallerInput } from '../generated/CallerInput';

/** The desk's day: check-in, the board, status changes and undo (each logged by the backend). */
export const visits = {
  hint: (patientId: number) => backend.call<CheckinHint>('visit_hint', { patientId }),
  checkin: (patientId: number, input: CheckinInput) => backend.call<VisitRow>('visit_checkin', { patientId, input }),
  today: () => backend.call<VisitRow[]>('visits_today'),
  move: (id: number, to: VisitStatus) => backend.call<VisitRow>('visit_move', { id, to }),
  undo: (id: number) => backend.call<VisitRow>('visit_undo', { id }),
  book: (patientId: number, input: AppointmentInput, replaces: number | null = null) =>
    backend.call<AppointmentRow>('appointment_book', { patientId, input, replaces }),
  bookCaller: (caller: CallerInput, input: AppointmentInput) =>
    backend.call<AppointmentRow>('appointment_book_caller', { caller, input }),
  link: (id: number, patientId: number) => backend.call<AppointmentRow>('appointment_link', { id, patientId }),
  closeBooking: (id: number, noShow: boolean) => backend.call<AppointmentRow>('appointment_close', { id, noShow }),
  bookedToday: () => backend.call<AppointmentRow[]>('appointments_today'),
  /** 1: the day view; 7: the week view (from today, Seoul time). */
  booked: (days: number) => backend.call<AppointmentRow[]>('appointments_range', { days }),
};

/** Every status, for the board's counts and its status select (the order of the day, then
 * cancelled; which step follows which is the backend's `VisitRow.next`). */
export const STATUSES: VisitStatus[] = ['checked-in', 'waiting', 'in-consultation', 'payment', 'done', 'cancelled'];
