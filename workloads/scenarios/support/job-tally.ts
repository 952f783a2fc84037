/**
 * How many times each job was seen, for exactly-once checks: jobs are (producer thread, sequence
 * number) pairs, counted in one byte each (saturating at 255) in arrays that grow by doubling.
 * A long run's tally stays a few bytes per job, and crosses threads as base64 text.
 */
export class JobTally {
  private readonly byProducer: Uint8Array[] = [];
  /** Highest sequence number counted + 1, per producer. */
  private readonly used: number[] = [];
  /** Every count, including those past 255. */
  total = 0;

  count(producer: number, seq: number, times = 1): void {
    let counts = this.byProducer[producer];
    if (counts === undefined) {
      counts = new Uint8Array(1024);
      this.byProducer[producer] = counts;
      this.used[producer] = 0;
    }
    if (seq >= counts.length) {
      let size = counts.length * 2;
      while (size <= seq) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(counts);
      counts = grown;
      this.byProducer[producer] = counts;
    }
    counts[seq] = Math.min(255, counts[seq]! + times);
    if (seq + 1 > this.used[producer]!) this.used[producer] = seq + 1;
    this.total += times;
  }

  get(producer: number, seq: number): number {
    const counts = this.byProducer[producer];
    return counts === undefined || seq >= counts.length ? 0 : counts[seq]!;
  }

  /** Producers seen (indices up to this). */
  get producers(): number {
    return this.byProducer.length;
  }

  /** Sequence numbers counted for a producer: [0, extent). */
  extent(producer: number): number {
    return this.used[producer] ?? 0;
  }

  /** Add another tally's counts (another thread's). */
  addAll(other: JobTally): void {
    const total = this.total + other.total;
    for (let p = 0; p < other.producers; p++) {
      for (let seq = 0; seq < other.extent(p); seq++) {
        const times = other.get(p, seq);
        if (times > 0) this.count(p, seq, times);
      }
    }
    // Per-job counts saturate at 255; the total stays exact.
    this.total = total;
  }

  /** `total;base64,base64,…` — one field per producer (empty for none). */
  encode(): string {
    const fields: string[] = [];
    for (let p = 0; p < this.byProducer.length; p++) {
      const counts = this.byProducer[p];
      fields.push(counts === undefined ? '' : Buffer.from(counts.buffer, counts.byteOffset, this.used[p]).toString('base64'));
    }
    return `${this.total};${fields.join(',')}`;
  }

  static decode(text: string): JobTally {
    const tally = new JobTally();
    const semi = text.indexOf(';');
    const body = text.slice(semi + 1);
    if (body !== '') {
      body.split(',').forEach((field, producer) => {
        const bytes = Buffer.from(field, 'base64');
        for (let seq = 0; seq < bytes.length; seq++) if (bytes[seq]! > 0) tally.count(producer, seq, bytes[seq]!);
      });
    }
    tally.total = Number(text.slice(0, semi));
    return tally;
  }
}
