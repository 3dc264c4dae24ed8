/** The time bar under the clock: the story so far, its marks, and the fork's undo. */
export const timeline = {
  'timeline.label': 'Timeline',
  'timeline.slider': 'Moment of the story',
  'timeline.sliderTitle': 'Go to a moment of the story: click or drag; ←/→ 1 s, PageUp/PageDown 1 min, Home/End',
  'timeline.horizonTitle': 'The furthest moment this story has reached',
  'timeline.forkedAt': 'Forked at {at}',
  'timeline.undoTitle': 'Bring back the actions the fork dropped, and take out what was done since',
  'timeline.undo': { one: 'Undo: restore {count} later action', other: 'Undo: restore {count} later actions' },
  'timeline.mark': '{at} {kind}: {label}',
  'timeline.kind.action': 'your action',
  'timeline.kind.fault': 'fault',
  'timeline.kind.failure': 'failure',
  'timeline.kind.scheduling': 'scheduling failure',
  'timeline.kind.rollout': 'rollout',
  'timeline.kind.eviction': 'eviction',
} as const;
