// Worker thread entry of `runExperiments` (./parallel.ts): runs experiment units on fresh machines
// and posts their plain-data results. It builds the kernel image itself (once, on the first unit,
// so that a build failure is reported as that unit's error) unless the parent sent one.
import { parentPort, workerData } from 'node:worker_threads';
import { kernelImage, type KernelImage } from '../runtime/image';
import { runExperimentUnit } from './index';
import { serializeError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol';

const port = parentPort;
if (port === null) throw new Error('kernels/experiments/worker is a worker_threads entry, not a module to require');
const setup = workerData as WorkerSetup;
let image: KernelImage | undefined = setup.image;

port.on('message', (m: ToWorker) => {
  const post = (msg: FromWorker): void => port.postMessage(msg);
  try {
    image ??= kernelImage();
    const result = runExperimentUnit(m.ctx, m.unit, image, (done, total) => post({ type: 'progress', task: m.task, done, total }));
    post({ type: 'done', task: m.task, result });
  } catch (error) {
    post({ type: 'error', task: m.task, error: serializeError(error) });
  }
});
