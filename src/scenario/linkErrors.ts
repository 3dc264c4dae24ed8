/**
 * Why a share link is refused, in kubetab's own words: an id with values beside the English line, so
 * the page can say it in its language (link.<id>) and the CLI prints the English.
 */
export const LINK_ERRORS = {
  unreadable: 'This link could not be read: {error}.',
  empty: 'The link holds no scenario.',
  tooLong: 'This link is too long to be a kubetab scenario ({chars} characters).',
  notKubetab: 'This link does not hold a kubetab scenario.',
  newerFormat: 'This link was made by a newer kubetab (format {version}); this version reads format {supported}.',
  unknownFormat: 'This link uses an unknown format ({version}).',
  badCharacters: 'This link is damaged: it has characters a kubetab link never has.',
  tooBig: "This link's scenario is larger than {mb} MB once unpacked; it was not loaded.",
  corrupt: 'This link is damaged: its data does not unpack.',
  notScenario: 'This link is damaged: its data is not a scenario.',
  unknownField: "This link's scenario has an unknown field {field}.",
  badTime: "This link's time is not a valid virtual time.",
  timeTooLate: 'This link asks for virtual time {hours}h; kubetab rebuilds at most 24h.',
  tooManyActions: "This link's scenario has {actions} actions; at most {max} are read.",
  invalid: "This link's scenario is not valid: {error}.",
  badView: "This link's view settings are not valid.",
  unknownViewField: "This link's view settings have an unknown field {field}.",
  badTraceStep: "This link's trace step is not a whole number from 0 to {max}.",
  editorNotText: "This link's editor text is not text.",
  editorTooLong: "This link's editor text is longer than {max} characters.",
  badSpeed: "This link's speed is not one of {speeds}.",
  noActions: "This link's scenario has no action list.",
  malformedAction: "This link's scenario is not valid: action {n} is malformed.",
} as const;

export type LinkErrorId = keyof typeof LINK_ERRORS;

export interface LinkWhy {
  id: LinkErrorId;
  params: Record<string, string | number>;
}

export const why = (id: LinkErrorId, params: Record<string, string | number> = {}): LinkWhy => ({ id, params });

export const isWhy = (v: unknown): v is LinkWhy => v !== null && typeof v === 'object' && 'id' in v && 'params' in v;

export function linkEnglish(w: LinkWhy): string {
  return LINK_ERRORS[w.id].replace(/\{(\w+)\}/g, (whole, name: string) => (name in w.params ? String(w.params[name]) : whole));
}
