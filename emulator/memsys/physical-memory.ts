// The functional copy of memory every hart shares: a sparse 32-bit physical address space.
//
// Storage is allocated in 64 KiB pages on first write (reads of untouched memory inside the
// configured size return 0 without allocating). Each page is one ArrayBuffer seen through five
// aliased views (Int32, Int16, Uint16, Int8, Uint8) so the hart's fast paths are one array
// index and one typed-array access. Absent pages are represented by a shared zero-length view,
// so the page arrays stay monomorphic (every element is the same kind of typed array).
//
// `watch` has one byte per 4 KiB block: a non-zero byte sends every store into that block down
// the slow path. Bits: UNMAPPED (page not allocated yet, or outside memory), CODE (a decoded-
// instruction page covers it: stores must re-decode), RESERVED (some hart holds an lr.w
// reservation in it: stores must break it). Stores test `(addr & 3) | watch[addr >>> 12]` only.

export const PAGE_SHIFT = 16;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_COUNT = 1 << (32 - PAGE_SHIFT);
export const BLOCK_SHIFT = 12;
export const BLOCK_SIZE = 1 << BLOCK_SHIFT;
export const BLOCK_COUNT = 1 << (32 - BLOCK_SHIFT);

export const WATCH_UNMAPPED = 1;
export const WATCH_CODE = 2;
export const WATCH_RESERVED = 4;

/** Addresses below this fault unless the program image itself occupies the first page. */
export const NULL_GUARD = 0x1000;

const EMPTY_I32 = new Int32Array(0);
const EMPTY_I16 = new Int16Array(0);
const EMPTY_U16 = new Uint16Array(0);
const EMPTY_I8 = new Int8Array(0);
const EMPTY_U8 = new Uint8Array(0);

if (new Uint8Array(new Uint32Array([0x11223344]).buffer)[0] !== 0x44) {
  throw new Error('gpesim needs a little-endian host (its memory views alias RV32 little-endian data)');
}

const templates = new Map<unknown, unknown[]>();

/** A PACKED array of PAGE_COUNT `empty` views: built once per kind, then copied (fast). */
function packed<T>(empty: T): T[] {
  let template = templates.get(empty) as T[] | undefined;
  if (template === undefined) {
    // Array.from builds it PACKED in a builtin: 7 ms against 19 ms for 65,536 pushes in a cold
    // process, five times over on a process's first machine.
    template = Array.from({ length: PAGE_COUNT }, () => empty);
    templates.set(empty, template);
  }
  return template.slice();
}

/** Someone who must hear about stores into a 4 KiB block flagged WATCH_CODE (the decode cache). */
export interface CodeWriteListener {
  codeWritten(address: number, size: number): void;
}

export class PhysicalMemory {
  /** Bytes of addressable memory, [0, size); a multiple of 64 KiB, at most 4 GiB. */
  readonly size: number;
  readonly w: Int32Array[];
  readonly h: Int16Array[];
  readonly hu: Uint16Array[];
  readonly b: Int8Array[];
  readonly bu: Uint8Array[];
  readonly watch: Uint8Array;
  /** lr.w reservations, one slot per hart index: granule address and validity. */
  readonly reservationAddress: Int32Array;
  readonly reservationValid: Uint8Array;
  codeListener: CodeWriteListener | null;
  allocatedPages: number;

  constructor(size: number, maxHarts: number) {
    if (!Number.isInteger(size) || size <= 0 || size > 2 ** 32 || size % PAGE_SIZE !== 0) {
      throw new RangeError(`memory size must be a positive multiple of 64 KiB up to 4 GiB, got ${size}`);
    }
    this.size = size;
    // Copies of PACKED templates (no hole check on the hot path).
    this.w = packed(EMPTY_I32);
    this.h = packed(EMPTY_I16);
    this.hu = packed(EMPTY_U16);
    this.b = packed(EMPTY_I8);
    this.bu = packed(EMPTY_U8);
    this.watch = new Uint8Array(BLOCK_COUNT).fill(WATCH_UNMAPPED);
    this.reservationAddress = new Int32Array(maxHarts);
    this.reservationValid = new Uint8Array(maxHarts);
    this.codeListener = null;
    this.allocatedPages = 0;
  }

  /** True when [address, address + length) lies inside memory (addresses as uint32). */
  inRange(address: number, length: number): boolean {
    const a = address >>> 0;
    return a + length <= this.size && !(a < NULL_GUARD && this.bu[0]!.length === 0);
  }

  isAllocated(page: number): boolean {
    return this.bu[page]!.length !== 0;
  }

  /** Allocates the page holding `address` (caller checked the range). */
  allocate(address: number): void {
    const page = (address >>> PAGE_SHIFT) & (PAGE_COUNT - 1);
    if (this.bu[page]!.length !== 0) return;
    const buffer = new ArrayBuffer(PAGE_SIZE);
    this.w[page] = new Int32Array(buffer);
    this.h[page] = new Int16Array(buffer);
    this.hu[page] = new Uint16Array(buffer);
    this.b[page] = new Int8Array(buffer);
    this.bu[page] = new Uint8Array(buffer);
    const firstBlock = page << (PAGE_SHIFT - BLOCK_SHIFT);
    for (let k = 0; k < PAGE_SIZE / BLOCK_SIZE; k++) this.watch[firstBlock + k]! &= ~WATCH_UNMAPPED;
    this.allocatedPages++;
  }

  // Side-effect-free byte access for the loader, syscalls, the debugger and slow paths. Callers
  // check the range first; reads of unallocated memory give 0.
  readByte(address: number): number {
    const a = address >>> 0;
    const page = this.bu[a >>> PAGE_SHIFT]!;
    return page.length === 0 ? 0 : page[a & (PAGE_SIZE - 1)]!;
  }

  /** Little-endian uint32 at any alignment (no range check). */
  readWord(address: number): number {
    const a = address >>> 0;
    if ((a & 3) === 0) {
      const page = this.w[a >>> PAGE_SHIFT]!;
      return page.length === 0 ? 0 : page[(a & (PAGE_SIZE - 1)) >> 2]! >>> 0;
    }
    return (
      (this.readByte(a) | (this.readByte(a + 1) << 8) | (this.readByte(a + 2) << 16) | (this.readByte(a + 3) << 24)) >>>
      0
    );
  }

  readBytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) out[k] = this.readByte(address + k);
    return out;
  }

  /**
   * Writes one byte with every side effect a hart's store has (allocation, code re-decode,
   * breaking reservations). The caller checked the range.
   */
  writeByteRaw(address: number, value: number): void {
    const a = address >>> 0;
    this.allocate(a);
    this.bu[a >>> PAGE_SHIFT]![a & (PAGE_SIZE - 1)] = value;
  }

  /** Copies bytes in (loader, debugger pokes): allocates, re-decodes code, breaks reservations. */
  writeBytes(address: number, bytes: Uint8Array): void {
    for (let k = 0; k < bytes.length; k++) this.writeByteRaw(address + k, bytes[k]!);
    this.afterStore(address, bytes.length, -1);
  }

  /**
   * The bookkeeping every store into a watched block needs, after the bytes are written: tell
   * the decode cache about code, and break every lr.w reservation on the granules touched
   * (`storingHart` is the hart storing, -1 for the host; its own reservation breaks too).
   */
  afterStore(address: number, size: number, storingHart: number): void {
    const first = address >>> BLOCK_SHIFT;
    const last = ((address + size - 1) >>> 0) >>> BLOCK_SHIFT;
    let bits = this.watch[first]!;
    if (last !== first) bits |= this.watch[last]!;
    if ((bits & WATCH_CODE) !== 0 && this.codeListener !== null) this.codeListener.codeWritten(address >>> 0, size);
    if ((bits & WATCH_RESERVED) !== 0) this.breakReservations(address, size);
    void storingHart;
  }

  /** Records hart `index`'s reservation on the word granule holding `address`. */
  reserve(index: number, address: number): void {
    this.reservationAddress[index] = address & ~3;
    this.reservationValid[index] = 1;
    this.watch[address >>> BLOCK_SHIFT]! |= WATCH_RESERVED;
  }

  /** True (and the reservation is consumed) when hart `index` still holds `address`'s granule. */
  takeReservation(index: number, address: number): boolean {
    const held = this.reservationValid[index] === 1 && this.reservationAddress[index] === (address & ~3);
    this.reservationValid[index] = 0;
    return held;
  }

  clearReservation(index: number): void {
    this.reservationValid[index] = 0;
  }

  breakReservations(address: number, size: number): void {
    const lo = (address & ~3) >>> 0;
    const hi = ((address + size - 1) & ~3) >>> 0;
    const addresses = this.reservationAddress;
    const valid = this.reservationValid;
    for (let k = 0; k < valid.length; k++) {
      if (valid[k] === 0) continue;
      const r = addresses[k]! >>> 0;
      if (r === lo || r === hi) valid[k] = 0;
    }
  }
}
