/** KB problems, always reported as `file:line: message` (never a stack trace). */
export class KbProblem {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly message: string,
  ) {}
  toString(): string {
    return `${this.file}:${this.line}: ${this.message}`;
  }
}

export class KbError extends Error {
  override name = 'KbError';
  constructor(readonly problems: KbProblem[]) {
    super(problems.map((p) => p.toString()).join('\n'));
  }
}
