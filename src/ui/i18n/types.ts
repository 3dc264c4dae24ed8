/** The languages the page speaks. Kubernetes' own output (kubectl, events, errors) stays English in both. */
export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** How each language names itself, for the switch in the header. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '中文' };

/**
 * One message: text with `{name}` placeholders, or a plural pair chosen by the `count` parameter
 * (`{ one: '{count} pod', other: '{count} pods' }`). Chinese has no plural forms, so its messages are
 * plain text even where English has a pair.
 */
export type Message = string | { one: string; other: string };

/** A catalogue in another language: a message for every key the English one has. */
export type CatalogOf<T> = { [K in keyof T]: Message };

/** A message's parameters. */
export type Params = Record<string, string | number>;
