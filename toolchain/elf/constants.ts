// ELF32 numbers used by both the writer and the reader (System V gABI, RISC-V psABI).

export const ELF_HEADER_SIZE = 52;
export const PROGRAM_HEADER_SIZE = 32;
export const SECTION_HEADER_SIZE = 40;
export const SYMBOL_SIZE = 16;

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;
export const ET_EXEC = 2;
export const EM_RISCV = 243;
/** e_flags GNU ld writes for -mabi=ilp32f: EF_RISCV_FLOAT_ABI_SINGLE, no RVC. */
export const EF_RISCV_FLOAT_ABI_SINGLE = 0x2;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_RISCV_ATTRIBUTES = 0x70000003;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_RISCV_ATTRIBUTES = 0x70000003;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

/** GNU ld's default for RISC-V: text segment at 0x10000, 4 KiB pages (MAXPAGESIZE). */
export const TEXT_SEGMENT_BASE = 0x10000;
export const PAGE_SIZE = 0x1000;

/** The arch string GNU as/ld record in .riscv.attributes for rv32imaf_zicsr_zifencei. */
export const RISCV_ARCH_ATTRIBUTE = 'rv32i2p1_m2p0_a2p1_f2p2_zicsr2p0_zifencei2p0_zmmul1p0';
