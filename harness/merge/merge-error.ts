/** Shards that cannot be joined: the message names the file(s) and the field that differs. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}
