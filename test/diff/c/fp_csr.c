/* fcsr, frm and fflags through every Zicsr form: fields alias each other, writes mask to the
   field width, flags accrue (OR) across instructions until cleared, csrrs/csrrc set and clear
   bits, and the immediate forms. Invalid frm values may be written (only using them is illegal). */
#include "diff.h"

static u32 csrrw_fcsr(u32 v) { u32 old; __asm__ volatile("csrrw %0, fcsr, %1" : "=r"(old) : "r"(v)); return old; }
static u32 csrrs_fflags(u32 v) { u32 old; __asm__ volatile("csrrs %0, fflags, %1" : "=r"(old) : "r"(v)); return old; }
static u32 csrrc_fflags(u32 v) { u32 old; __asm__ volatile("csrrc %0, fflags, %1" : "=r"(old) : "r"(v)); return old; }
static u32 csrrs_frm(u32 v) { u32 old; __asm__ volatile("csrrs %0, frm, %1" : "=r"(old) : "r"(v)); return old; }
static u32 csrrc_fcsr(u32 v) { u32 old; __asm__ volatile("csrrc %0, fcsr, %1" : "=r"(old) : "r"(v)); return old; }

static void show(const char *what) {
  print_str(what);
  print_str(": fcsr=");
  print_hex(read_fcsr());
  print_str(" frm=");
  print_hex(read_frm());
  print_str(" fflags=");
  print_hex(read_fflags());
  print_char('\n');
}

static float volatile one = 1.0f, three = 3.0f, zero = 0.0f, big = 3.0e38f;
/* Results go through a volatile store so that they happen before the next CSR read. */
static float volatile sink;

int main(void) {
  show("initial");
  write_fcsr(0xffffffffu);
  show("fcsr all ones");
  u32 old = csrrw_fcsr(0x000000e5u);
  print_line("old", old);
  show("fcsr e5");
  write_frm(0xffu);
  show("frm ff");
  old = csrrs_fflags(0xffu);
  print_line("old", old);
  show("fflags set ff");
  old = csrrc_fflags(0x0au);
  print_line("old", old);
  show("fflags clear 0a");
  old = csrrs_frm(0x2u);
  print_line("old", old);
  show("frm set 2");
  old = csrrc_fcsr(0xe0u);
  print_line("old", old);
  show("fcsr clear e0");
  __asm__ volatile("csrrwi zero, frm, 3");
  show("csrrwi frm 3");
  __asm__ volatile("csrrsi zero, fflags, 0x11");
  show("csrrsi fflags 11");
  __asm__ volatile("csrrci zero, fcsr, 0x01");
  show("csrrci fcsr 01");
  {
    u32 v;
    __asm__ volatile("csrrwi %0, fcsr, 0x1f" : "=r"(v));
    print_line("csrrwi old", v);
    __asm__ volatile("csrrsi %0, frm, 0" : "=r"(v));
    print_line("csrrsi read frm", v);
    __asm__ volatile("csrrci %0, fflags, 0" : "=r"(v));
    print_line("csrrci read fflags", v);
    __asm__ volatile("csrrs %0, fcsr, zero" : "=r"(v));
    print_line("csrrs read fcsr", v);
  }
  show("after reads");

  /* Flags accrue across operations. */
  write_fcsr(0);
  sink = one / three;
  show("1/3");
  sink = one / zero;
  show("+ 1/0");
  sink = big * three;
  show("+ overflow");
  float r = sink;
  sink = r - r;
  show("+ inf-inf");
  print_line("r", f_bits(sink));
  clear_fflags();
  show("cleared");

  /* The same division under each dynamic rounding mode. */
  for (u32 rm = 0; rm < 5; rm++) {
    write_frm(rm);
    clear_fflags();
    float q = one / three;
    sink = q;
    float s = -one / three;
    sink = s;
    print_str("rm ");
    print_dec((i32)rm);
    print_char(' ');
    print_hex(f_bits(q));
    print_char(' ');
    print_hex(f_bits(s));
    print_char(' ');
    print_hex(read_fcsr());
    print_char('\n');
  }
  write_fcsr(0);
  /* fsrm/fsflags return the old value. */
  {
    u32 a, b;
    __asm__ volatile("fsrm %0, %1" : "=r"(a) : "r"(4u));
    __asm__ volatile("fsflags %0, %1" : "=r"(b) : "r"(0x1fu));
    print_line("fsrm old", a);
    print_line("fsflags old", b);
    __asm__ volatile("fsrmi %0, 1" : "=r"(a));
    __asm__ volatile("fsflagsi %0, 2" : "=r"(b));
    print_line("fsrmi old", a);
    print_line("fsflagsi old", b);
    show("final");
  }
  return 0;
}
