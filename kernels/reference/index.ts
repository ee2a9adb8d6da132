// Binary32 reference implementations of every kernel (same accumulation order as kernels/*.s).
export * from './abi';
export * from './f32';
export * from './shapes';
export * from './activation';
export * from './elementwise';
export * from './fc';
export * from './conv';
export * from './pool';
export * from './batchnorm';
export * from './lstm';
export * from './plan';
