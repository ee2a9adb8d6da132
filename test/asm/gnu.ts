// GNU binutils as the oracle: assemble + link with riscv64-unknown-elf-as/ld and read back the
// allocated sections (name, address, type, bytes) with a minimal ELF32 section-header reader, so
// this check does not depend on our own ELF reader.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const GNU_AS = 'riscv64-unknown-elf-as';
export const GNU_LD = 'riscv64-unknown-elf-ld';
export const GNU_OBJDUMP = 'riscv64-unknown-elf-objdump';
export const AS_FLAGS = ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax'];

export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface GnuSection {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly nobits: boolean;
  readonly data: Uint8Array;
}

export function readAllocSections(elf: Uint8Array): GnuSection[] {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = dv.getUint32(32, true);
  const shentsize = dv.getUint16(46, true);
  const shnum = dv.getUint16(48, true);
  const shstrndx = dv.getUint16(50, true);
  const sh = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      name: dv.getUint32(o, true), type: dv.getUint32(o + 4, true), flags: dv.getUint32(o + 8, true),
      addr: dv.getUint32(o + 12, true), offset: dv.getUint32(o + 16, true), size: dv.getUint32(o + 20, true),
    };
  };
  const strtab = sh(shstrndx);
  const nameAt = (off: number) => {
    let end = strtab.offset + off;
    while (elf[end] !== 0) end++;
    return Buffer.from(elf.subarray(strtab.offset + off, end)).toString('latin1');
  };
  const out: GnuSection[] = [];
  for (let i = 1; i < shnum; i++) {
    const s = sh(i);
    if ((s.flags & 2) === 0) continue; // SHF_ALLOC
    const nobits = s.type === 8;
    out.push({
      name: nameAt(s.name), address: s.addr, size: s.size, nobits,
      data: nobits ? new Uint8Array(0) : elf.slice(s.offset, s.offset + s.size),
    });
  }
  return out;
}

/** Assembles and links `files` with GNU as + ld; returns the linked ELF bytes or the error text. */
export function gnuBuild(
  files: readonly { path: string; text: string }[],
  includeDirs: readonly string[] = [],
): { elf?: Uint8Array; error?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-asm-'));
  try {
    const objs: string[] = [];
    for (const [i, f] of files.entries()) {
      const src = join(dir, basename(f.path));
      writeFileSync(src, f.text);
      const obj = join(dir, `${i}.o`);
      const r = spawnSync(GNU_AS, [...AS_FLAGS, ...includeDirs.map((d) => `-I${d}`), '-o', obj, src], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) return { error: r.stderr };
      objs.push(obj);
    }
    const out = join(dir, 'out.elf');
    const r = spawnSync(GNU_LD, ['-m', 'elf32lriscv', '--no-relax', '-o', out, ...objs], { encoding: 'utf8' });
    if (r.status !== 0) return { error: r.stderr };
    return { elf: new Uint8Array(readFileSync(out)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** objdump -d text of an ELF (for readable failure messages). */
export function objdump(elf: Uint8Array, args: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-od-'));
  try {
    const p = join(dir, 'x.elf');
    writeFileSync(p, elf);
    return execFileSync(GNU_OBJDUMP, [...args, p], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
