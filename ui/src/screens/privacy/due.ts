// Where a privacy request stands, in words: its follow-up date, its outcome, overdue, or the days
// left before the 10-day deadline.
import { t } from '../../lib/i18n/index.svelte';
import type { PrivacySummary } from '../../lib/generated/PrivacySummary';

export function due(r: PrivacySummary): string {
  if (r.follow_up_on)
    return r.follow_up_due
      ? t('ui-privacy-follow-up-due', { date: r.follow_up_on })
      : t('ui-privacy-follow-up', { date: r.follow_up_on });
  if (r.outcome) return t(`privacy-outcome-${r.outcome}`);
  if (r.overdue) return t('ui-privacy-overdue', { days: -r.days_left });
  return t('ui-privacy-days-left', { days: r.days_left, due: r.due });
}
