// How a consent decision reads on the record (the table of decisions in force and the history).
import { t } from '../../lib/i18n/index.svelte';
import type { ConsentView } from '../../lib/generated/ConsentView';

export function decision(c: ConsentView): string {
  if (c.granted) return t('ui-consent-state-agreed');
  return c.withdrawal ? t('ui-consent-state-withdrawn') : t('ui-consent-state-refused');
}
