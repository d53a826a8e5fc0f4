/**
 * A memo of values computed from keys whose meaning never changes while it is held (a KB text, a sentence id of one
 * knowledge, a word), bounded by starting over: when `limit` keys are held the next one clears it. Cheaper than an
 * LRU's bookkeeping on every hit, and the next questions' working set refills it at once; the limit is what bounds
 * the memory (issue #12: a bot over 100,000 articles must not grow with the questions it is asked).
 */
export class BoundedMemo<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly limit: number) {}

  /** The value remembered for `key`, or undefined. */
  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Remembers `value` for `key` (starting over first when full) and returns it. */
  set(key: K, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
