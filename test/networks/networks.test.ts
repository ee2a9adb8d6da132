// The three networks at reduced sizes on the 64-GPE timed machine: final output bit for bit
// equal to the reference network, structure as documented, optimal plan consistent with the
// fixed runs (DP over measured layer times; reconfiguration charged when the plan switches).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, withModes, type ModeName } from '../../emulator/machine/config';
import { kernelImage } from '../../kernels/runtime/image';
import { alexnet, awdLstm, network, resnet } from '../../kernels/networks/models';
import { planNetwork, runNetworkOn, type NetworkRun } from '../../kernels/networks/graph';
import { layerCycles, optimalPlan, studyNetwork } from '../../kernels/networks/optimal';

const total = (r: NetworkRun): number => r.launches.reduce((s, _, i) => s + layerCycles(r, i), 0);

describe('networks at reduced size', () => {
  const image = kernelImage();

  it('full-size shapes are valid and as the paper describes', () => {
    const a = alexnet();
    planNetwork(a);
    const convs = a.layers.filter((l) => l.kernel === 'conv2d');
    expect(convs.map((l) => l.shape.k)).toEqual([11, 5, 3, 3, 3]);
    expect(convs.map((l) => l.shape.h)).toEqual([224, 27, 13, 13, 13]);
    expect(a.layers.filter((l) => l.kernel === 'fc').map((l) => l.shape.outFeatures)).toEqual([4096, 4096, 1000]);
    expect(a.layers.find((l) => l.name === 'fc6')!.shape.inFeatures).toBe(9216);
    const r = resnet();
    planNetwork(r);
    expect(r.layers.filter((l) => l.kernel === 'conv2d')).toHaveLength(3);
    expect(r.layers.filter((l) => l.kernel === 'conv1x1')).toHaveLength(3);
    expect(r.layers.find((l) => l.kernel === 'fc')!.shape).toMatchObject({ inFeatures: 128, outFeatures: 10 });
    const l = awdLstm({ steps: 2 });
    planNetwork(l);
    expect(l.layers.map((x) => `${x.shape.inFeatures}->${x.shape.hidden}`)).toEqual(['400->1150', '400->1150', '1150->1150', '1150->1150', '1150->400', '1150->400']);
  });

  for (const id of ['resnet', 'alexnet', 'awd-lstm'] as const) {
    it(`${id}: output equals the reference network (PS)`, () => {
      const spec = network(id, 'reduced');
      const run = runNetworkOn(image, spec, withModes(DEFAULT_CONFIG, 'PS'), { seed: 2 });
      expect(run.comparison.count).toBe(spec.output.floats);
      expect(run.comparison.mismatches, JSON.stringify(run.comparison.first)).toBe(0);
      expect(run.output.some((v) => v !== 0)).toBe(true);
      expect(run.launches).toHaveLength(spec.layers.length);
      expect(run.launches.every((l) => l.modes === 'PS' && l.cycles > 0)).toBe(true);
    });
  }

  it('optimal plan: DP over fixed runs, run for real with reconfiguration charged', () => {
    const spec = network('resnet', 'reduced');
    const study = studyNetwork(image, spec, DEFAULT_CONFIG, { modes: ['SS', 'PP'] });
    expect(study.plan).toHaveLength(spec.layers.length);
    expect(study.optimal.comparison.mismatches).toBe(0);
    const switches = study.plan.filter((m, i) => i > 0 && m !== study.plan[i - 1]).length;
    const reconfig = study.optimal.launches.reduce((s, l) => s + l.reconfigCycles, 0);
    expect(reconfig).toBe(switches * DEFAULT_CONFIG.reconfig.switchLatency);
    study.optimal.launches.forEach((l, i) => expect(l.modes).toBe(study.plan[i]));
    // The plan is no worse than either fixed configuration by the DP's own measure.
    const predicted = study.plan.reduce((s, m, i) => s + layerCycles(study.fixed.get(m)!, i), 0) + reconfig;
    for (const r of study.fixed.values()) expect(predicted).toBeLessThanOrEqual(total(r));
  });

  it('optimalPlan switches only when the saving beats the switch cost', () => {
    const fake = (cycles: number[]): NetworkRun => ({ launches: cycles.map((c) => ({ cycles: c, flushCycles: 0, reconfigCycles: 0 })) }) as unknown as NetworkRun;
    const runs = new Map<ModeName, NetworkRun>([['SS', fake([10, 500, 10])], ['PP', fake([20, 100, 20])]]);
    expect(optimalPlan(runs, 100)).toEqual(['PP', 'PP', 'PP']);
    expect(optimalPlan(runs, 1)).toEqual(['SS', 'PP', 'SS']);
    expect(optimalPlan(runs, 1000)).toEqual(['PP', 'PP', 'PP']);
  });
});
