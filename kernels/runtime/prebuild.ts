// `npm run build` runs this after tsc: assembles the kernel image once and writes it, with the
// digest of what it depends on, next to the compiled image.js (see image.ts).
import { KernelBuildError, writePrebuiltImage } from './image';

try {
  writePrebuiltImage(__dirname);
} catch (e) {
  const why = e instanceof KernelBuildError ? `the kernels do not assemble:\n${e.message}` : `cannot write the prebuilt kernel image into ${__dirname}: ${e instanceof Error ? e.message : String(e)}`;
  process.stderr.write(`gpesim build: ${why}\n`);
  process.exitCode = 1;
}
