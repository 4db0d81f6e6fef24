import { t } from '../i18n/index.svelte';
import type { Event } from '../generated/Event';

/** One line of a CCTV request's history, in the language shown: what happened, with its
 *  details (the backend's event, as it was logged). */
export function describeEvent(e: Event): string {
  switch (e.type) {
    case 'preservation-asked':
      return t('ui-cctv-ev-asked', { expiry: e.expires });
    case 'preserved':
      return t('ui-cctv-ev-preserved', { note: e.note || '-' });
    case 'decided':
      return (
        t('ui-cctv-ev-decided', { decision: t(`cctv-decision-${e.decision}`) }) +
        (e.ground ? ` — ${t(`cctv-ground-${e.ground}`)}` : '') +
        (e.ground_text ? ` (${e.ground_text})` : '')
      );
    case 'booked':
      return e.late_reason
        ? t('ui-cctv-ev-booked-late', { at: e.at, reason: e.late_reason })
        : t('ui-cctv-ev-booked', { at: e.at });
    case 'no-show':
      return t('ui-cctv-ev-no-show', { at: e.at });
    case 'viewed':
      return t('ui-cctv-ev-viewed', { viewer: e.viewer, at: e.at, staff: e.staff_present });
    case 'deletion':
      return e.deleted
        ? t('ui-cctv-ev-deleted', { what: e.what, at: e.at })
        : t('ui-cctv-ev-not-deleted', { what: e.what });
    case 'copy-destroyed':
      return t('ui-cctv-ev-copy-destroyed', { at: e.at, method: t(`cctv-method-${e.method}`) });
  }
}
