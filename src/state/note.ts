/** A page message in English, for errors and logs that carry it whatever the page's language. */
import { en } from '../ui/i18n/en';
import { formatMessage } from '../ui/i18n/format';
import type { Note } from './ui';

export function english(note: Note): string {
  return formatMessage(en[note.key], note.params);
}
