import type { Locale } from '@/knowledge/settings/settings';
import type { LocalizedName } from '@/knowledge/taxonomy/taxonomy';

/**
 * UI text, one scheme for every surface: a catalogue holds each locale's words in one shape, so
 * the compiler checks that English says everything Simplified Chinese (the default) says.
 */
export type TextCatalogue<T> = Readonly<Record<Locale, T>>;

export function textFor<T>(catalogue: TextCatalogue<T>, locale: Locale): T {
  return catalogue[locale];
}

/** A category's name (taxonomy files carry `zh` and `en`) in the UI's locale. */
export function localizedName(name: LocalizedName, locale: Locale): string {
  return locale === 'en' ? name.en : name.zh;
}
