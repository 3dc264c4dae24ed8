/** A lesson or course file that kubetab refuses; the message names the path at fault (`goals[1].check.object.jsonpath: …`). */
export class LessonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonError';
  }
}
