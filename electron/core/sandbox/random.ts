/**
 * Seeded pseudo-random numbers for the sandbox.
 *
 * Two flavours, both deterministic for a seed:
 * - `createRng(seed)`: a stateful sfc32 generator (fast, 128-bit state) with helpers. Use it where
 *   values are drawn in a fixed order (fault decisions, mutation helpers).
 * - `hash32(...)` / `unitAt(...)`: stateless integer hashing, so a figure for (provider, day) or
 *   (billing period) can be computed on demand in any order — this is what lets the generator stay lazy
 *   and scale to millions of rows without materialising them.
 */

/** A seeded random source. All methods advance the same underlying state. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p` (0–1). */
  chance(p: number): boolean;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** An independent generator derived from this one's seed and a label (does not advance this one). */
  fork(label: string | number): Rng;
}

const TWO_POW_32 = 4294967296;

/** Hashes a string to an unsigned 32-bit integer (FNV-1a followed by a murmur finaliser). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finaliser: a good avalanche for a single word. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Stateless hash of a sequence of parts (integers or strings) to an unsigned 32-bit integer.
 * Numbers are folded as 32-bit words (plus a high word when they exceed 32 bits), so any safe
 * integer can be used as a part.
 */
export function hash32(...parts: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    let word: number;
    if (typeof part === 'string') {
      word = hashString(part);
    } else {
      const hi = Math.floor(part / TWO_POW_32);
      word = (part >>> 0) ^ fmix32(hi + 0x632be5ab);
    }
    h = Math.imul(h ^ fmix32(word), 0x2c1b3c6d) + 0x297a2d39;
    h = (h << 13) | (h >>> 19);
  }
  return fmix32(h);
}

/** A uniform float in [0, 1) derived from a base hash and a slot number (for several draws per cell). */
export function unitAt(base: number, slot: number): number {
  return fmix32((base ^ Math.imul(slot + 1, 0x9e3779b1)) >>> 0) / TWO_POW_32;
}

/** Normalises a numeric or string seed to an unsigned 32-bit integer. */
export function seedToUint32(seed: number | string): number {
  return typeof seed === 'string' ? hashString(seed) : hash32(seed);
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly seedWord: number;

  constructor(seedWord: number) {
    this.seedWord = seedWord >>> 0;
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = this.seedWord;
    // Warm up so that close seeds diverge quickly.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): bounds must be safe integers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  fork(label: string | number): Rng {
    return new Sfc32(hash32(this.seedWord, label));
  }
}

/** Creates a seeded generator. The same seed always yields the same sequence. */
export function createRng(seed: number | string): Rng {
  return new Sfc32(seedToUint32(seed));
}
