// `npm run build` runs this after tsc: assembles the kernel image once and writes it, with the
// digest of its sources and toolchain, next to the compiled image.js (see image.ts).
import { KernelBuildError, writePrebuiltImage } from './image';

try {
  writePrebuiltImage(__dirname);
} catch (e) {
  if (!(e instanceof KernelBuildError)) throw e;
  process.stderr.write(`gpesim build: the kernels do not assemble:\n${e.message}\n`);
  process.exitCode = 1;
}
