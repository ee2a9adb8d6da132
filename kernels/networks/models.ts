// The paper's three networks as layer graphs (docs/EXPERIMENTS.md, docs/NETWORKS.md). Every
// open choice is a parameter with the standard form as default, and is listed in `choices`.
import { conv2dOutputSize } from '../reference/conv';
import { poolOutputSize } from '../reference/pool';
import type { LayerSpec, NetworkSpec, TensorSpec } from './graph';

class Builder {
  readonly tensors: Record<string, TensorSpec> = {};
  readonly layers: LayerSpec[] = [];
  weight(name: string, floats: number, range: readonly [number, number]): string {
    this.tensors[name] = { floats, kind: 'weight', range };
    return name;
  }
  act(name: string, floats: number): string {
    this.tensors[name] = { floats, kind: 'activation' };
    return name;
  }
  layer(l: LayerSpec): void {
    this.layers.push(l);
  }
}

/** He-style uniform range for a layer with `fanIn` inputs: keeps activations of order 1. */
const heRange = (fanIn: number): readonly [number, number] => {
  const a = Math.sqrt(6 / fanIn);
  return [-a, a];
};

export interface ResnetOptions {
  readonly batch?: number;
  /** Input height = width (32: CIFAR-10). */
  readonly size?: number;
  /** Output channels of the three blocks. */
  readonly channels?: readonly [number, number, number];
  readonly classes?: number;
}

/**
 * ResNet with 3 residual blocks on size x size x 3. Block b: main path 3x3 conv (stride 1, pad 1)
 * + batch norm; skip path 1x1 conv (to the block's channels); add; ReLU; 2x2 max pool, stride 2.
 * Then one more 2x2 max pool and an FC to `classes` (no activation). With the defaults
 * (channels 8, 16, 32) the classifier sees 2x2x32 = 128 features: fc-small's 10 x 128.
 */
export function resnet(o: ResnetOptions = {}): NetworkSpec {
  const batch = o.batch ?? 1;
  let size = o.size ?? 32;
  const channels = o.channels ?? [8, 16, 32];
  const classes = o.classes ?? 10;
  const b = new Builder();
  let cin = 3;
  let x = 'input';
  b.tensors.input = { floats: batch * 3 * size * size, kind: 'input', range: [-1, 1] };
  channels.forEach((cout, i) => {
    const n = `block${i + 1}`;
    const hw = size * size;
    const conv = { batch, cin, h: size, w: size, cout, k: 3, stride: 1, pad: 1 };
    b.layer({ name: `${n}.conv3x3`, group: 'conv3x3', kernel: 'conv2d', shape: conv, io: { x, w: b.weight(`${n}.w3`, cout * cin * 9, heRange(cin * 9)), bias: b.weight(`${n}.b3`, cout, [-0.1, 0.1]), y: b.act(`${n}.c3`, batch * cout * hw) } });
    b.layer({ name: `${n}.batchnorm`, group: 'batchnorm', kernel: 'batchnorm', shape: { batch, c: cout, hw }, io: { x: `${n}.c3`, gamma: b.weight(`${n}.gamma`, cout, [0.5, 1.5]), beta: b.weight(`${n}.beta`, cout, [-0.5, 0.5]), y: b.act(`${n}.bn`, batch * cout * hw) } });
    b.layer({ name: `${n}.conv1x1`, group: 'conv1x1', kernel: 'conv1x1', shape: { batch, cin, hw, cout }, io: { x, w: b.weight(`${n}.w1`, cout * cin, heRange(cin)), bias: b.weight(`${n}.b1`, cout, [-0.1, 0.1]), y: b.act(`${n}.skip`, batch * cout * hw) } });
    b.layer({ name: `${n}.add`, group: 'add', kernel: 'add', shape: { count: batch * cout * hw }, io: { a: `${n}.bn`, b: `${n}.skip`, y: b.act(`${n}.sum`, batch * cout * hw) } });
    b.layer({ name: `${n}.relu`, group: 'relu', kernel: 'relu', shape: { count: batch * cout * hw }, io: { x: `${n}.sum`, y: b.act(`${n}.relu`, batch * cout * hw) } });
    const pool = { planes: batch * cout, h: size, w: size, k: 2, stride: 2 };
    const { ho } = poolOutputSize('maxpool', pool);
    b.layer({ name: `${n}.maxpool`, group: 'maxpool', kernel: 'maxpool', shape: pool, io: { x: `${n}.relu`, y: b.act(`${n}.out`, batch * cout * ho * ho) } });
    x = `${n}.out`;
    cin = cout;
    size = ho;
  });
  const pool = { planes: batch * cin, h: size, w: size, k: 2, stride: 2 };
  const { ho } = poolOutputSize('maxpool', pool);
  const features = cin * ho * ho;
  b.layer({ name: 'head.maxpool', group: 'maxpool', kernel: 'maxpool', shape: pool, io: { x, y: b.act('head.pool', batch * features) } });
  b.layer({ name: 'fc', group: 'fc', kernel: 'fc', shape: { batch, inFeatures: features, outFeatures: classes, act: 'none' }, io: { x: 'head.pool', w: b.weight('fc.w', classes * features, heRange(features)), bias: b.weight('fc.b', classes, [-0.1, 0.1]), y: b.act('logits', batch * classes) } });
  return {
    name: 'resnet',
    tensors: b.tensors,
    layers: b.layers,
    output: { tensor: 'logits', offset: 0, floats: batch * classes },
    choices: [
      `batch ${batch}, input ${o.size ?? 32}x${o.size ?? 32}x3, block channels ${channels.join('/')}, ${classes} classes`,
      'block: 3x3 conv (stride 1, pad 1) + batch norm (batch statistics, eps 1e-5) on the main path, 1x1 conv on the skip path, add, ReLU, 2x2 max pool stride 2',
      `head: 2x2 max pool stride 2, FC ${features} -> ${classes} (no activation)`,
      'weights seeded uniform (He range sqrt(6/fan-in)), biases in [-0.1, 0.1], gamma in [0.5, 1.5], beta in [-0.5, 0.5], input in [-1, 1]',
    ],
  };
}

export interface AlexnetOptions {
  readonly batch?: number;
  readonly size?: number;
  /** Conv output channels (standard 96, 256, 384, 384, 256). */
  readonly channels?: readonly [number, number, number, number, number];
  /** FC widths (standard 4096, 4096) and classes (1000). */
  readonly fc?: readonly [number, number];
  readonly classes?: number;
}

/**
 * AlexNet, one tower (no grouped convolutions: the ungrouped form torchvision and most later
 * work use, with the original paper's channel counts): conv1 11x11 stride 4 pad 2 -> ReLU ->
 * max pool 3 stride 2; conv2 5x5 pad 2 -> ReLU -> max pool 3/2; conv3, conv4, conv5 3x3 pad 1
 * with ReLU; max pool 3/2; FC 4096 ReLU, FC 4096 ReLU, FC 1000. No LRN and no dropout
 * (inference). 224x224x3 gives 55, 27, 13, 6 as in the paper.
 */
export function alexnet(o: AlexnetOptions = {}): NetworkSpec {
  const batch = o.batch ?? 1;
  const channels = o.channels ?? [96, 256, 384, 384, 256];
  const [fc1, fc2] = o.fc ?? [4096, 4096];
  const classes = o.classes ?? 1000;
  let size = o.size ?? 224;
  const b = new Builder();
  b.tensors.input = { floats: batch * 3 * size * size, kind: 'input', range: [-1, 1] };
  const convs: [number, number, number, boolean][] = [[11, 4, 2, true], [5, 1, 2, true], [3, 1, 1, false], [3, 1, 1, false], [3, 1, 1, true]];
  let x = 'input';
  let cin = 3;
  convs.forEach(([k, stride, pad, pooled], i) => {
    const n = `conv${i + 1}`;
    const cout = channels[i]!;
    const shape = { batch, cin, h: size, w: size, cout, k, stride, pad };
    const { ho } = conv2dOutputSize(shape);
    const count = batch * cout * ho * ho;
    b.layer({ name: n, group: n, kernel: 'conv2d', shape, io: { x, w: b.weight(`${n}.w`, cout * cin * k * k, heRange(cin * k * k)), bias: b.weight(`${n}.b`, cout, [-0.1, 0.1]), y: b.act(`${n}.y`, count) } });
    b.layer({ name: `${n}.relu`, group: 'relu', kernel: 'relu', shape: { count }, io: { x: `${n}.y`, y: b.act(`${n}.r`, count) } });
    x = `${n}.r`;
    size = ho;
    cin = cout;
    if (pooled) {
      const pool = { planes: batch * cout, h: size, w: size, k: 3, stride: 2 };
      const p = poolOutputSize('maxpool', pool);
      b.layer({ name: `pool${i + 1}`, group: 'maxpool', kernel: 'maxpool', shape: pool, io: { x, y: b.act(`pool${i + 1}.y`, batch * cout * p.ho * p.wo) } });
      x = `pool${i + 1}.y`;
      size = p.ho;
    }
  });
  let features = cin * size * size;
  const fcs: [string, number, 'relu' | 'none'][] = [['fc6', fc1, 'relu'], ['fc7', fc2, 'relu'], ['fc8', classes, 'none']];
  for (const [n, out, act] of fcs) {
    b.layer({ name: n, group: n, kernel: 'fc', shape: { batch, inFeatures: features, outFeatures: out, act }, io: { x, w: b.weight(`${n}.w`, out * features, heRange(features)), bias: b.weight(`${n}.b`, out, [-0.1, 0.1]), y: b.act(`${n}.y`, batch * out) } });
    x = `${n}.y`;
    features = out;
  }
  return {
    name: 'alexnet',
    tensors: b.tensors,
    layers: b.layers,
    output: { tensor: 'fc8.y', offset: 0, floats: batch * classes },
    choices: [
      `batch ${batch}, input ${o.size ?? 224}x${o.size ?? 224}x3, conv channels ${channels.join('/')}, FC ${fc1}/${fc2}/${classes}`,
      'one tower: no grouped convolutions (conv2, conv4, conv5 see all input channels), no LRN, no dropout',
      'conv1 11x11 stride 4 pad 2; conv2 5x5 pad 2; conv3-5 3x3 pad 1; ReLU after each conv (separate relu kernel); max pool 3x3 stride 2 after conv1, conv2, conv5; FC6/FC7 with ReLU fused in the fc kernel',
      'weights seeded uniform (He range), biases in [-0.1, 0.1], input in [-1, 1]',
    ],
  };
}

export interface AwdLstmOptions {
  readonly steps?: number;
  readonly input?: number;
  readonly hidden?: number;
  /** Hidden size of the last layer (AWD-LSTM: the embedding size, 400). */
  readonly lastHidden?: number;
  readonly layers?: number;
}

/**
 * AWD-LSTM (Merity et al.): 3 LSTM layers, input (embedding) 400, hidden 1150, the last layer's
 * hidden size back to 400 as in the original model. Layer l runs all T time steps (T launches of
 * lstm-cell) before layer l+1 starts; h0 = c0 = 0 is replaced by seeded small states so that
 * step 0 exercises the recurrent products too. Batch 1 (one sequence); no embedding lookup,
 * no decoder (the paper measures the LSTM layers).
 */
export function awdLstm(o: AwdLstmOptions = {}): NetworkSpec {
  const T = o.steps ?? 4;
  const I = o.input ?? 400;
  const H = o.hidden ?? 1150;
  const last = o.lastHidden ?? I;
  const L = o.layers ?? 3;
  const b = new Builder();
  b.tensors.input = { floats: T * I, kind: 'input', range: [-1, 1] };
  let x = 'input';
  let inF = I;
  for (let l = 1; l <= L; l++) {
    const h = l === L ? last : H;
    const n = `lstm${l}`;
    const r = 1 / Math.sqrt(h);
    b.weight(`${n}.wx`, 4 * h * inF, [-r, r]);
    b.weight(`${n}.uh`, 4 * h * h, [-r, r]);
    b.weight(`${n}.b`, 4 * h, [-r, r]);
    b.weight(`${n}.h0`, h, [-0.1, 0.1]);
    b.weight(`${n}.c0`, h, [-0.1, 0.1]);
    b.act(`${n}.hs`, T * h);
    b.act(`${n}.cs`, T * h);
    for (let t = 0; t < T; t++) {
      b.layer({
        name: `${n}.t${t}`, group: n, kernel: 'lstm-cell', shape: { inFeatures: inF, hidden: h },
        io: {
          x: `${x}+${t * inF}`, h: t === 0 ? `${n}.h0` : `${n}.hs+${(t - 1) * h}`, c: t === 0 ? `${n}.c0` : `${n}.cs+${(t - 1) * h}`,
          wx: `${n}.wx`, uh: `${n}.uh`, b: `${n}.b`, hOut: `${n}.hs+${t * h}`, cOut: `${n}.cs+${t * h}`,
        },
      });
    }
    x = `${n}.hs`;
    inF = h;
  }
  return {
    name: 'awd-lstm',
    tensors: b.tensors,
    layers: b.layers,
    output: { tensor: x, offset: 0, floats: T * last },
    choices: [
      `${L} layers, input ${I}, hidden ${H} (last layer ${last}, as AWD-LSTM), ${T} time steps, batch 1`,
      'each layer runs all time steps before the next layer; one lstm-cell launch per (layer, step): 4 gates x 2 matrix-vector products + element-wise update fused in the kernel',
      'weights uniform in [-1/sqrt(H), 1/sqrt(H)] (PyTorch LSTM init), h0 and c0 in [-0.1, 0.1], input in [-1, 1]',
    ],
  };
}

export const NETWORK_IDS = ['resnet', 'alexnet', 'awd-lstm'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

/** Full size (the paper's) or reduced (tests: same structure, small tensors). */
export function network(id: NetworkId, size: 'full' | 'reduced', params: { batch?: number; steps?: number } = {}): NetworkSpec {
  const full = size === 'full';
  switch (id) {
    case 'resnet':
      return resnet(full ? { batch: params.batch } : { batch: params.batch ?? 1, size: 16, channels: [4, 8, 8] });
    case 'alexnet':
      return alexnet(full ? { batch: params.batch } : { batch: params.batch ?? 1, size: 63, channels: [6, 16, 24, 24, 16], fc: [64, 64], classes: 10 });
    case 'awd-lstm':
      return awdLstm(full ? { steps: params.steps } : { steps: params.steps ?? 2, input: 24, hidden: 40, lastHidden: 24 });
    default: {
      const never: never = id;
      throw new Error(`unknown network ${String(never)}`);
    }
  }
}
