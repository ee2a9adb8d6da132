export * from './instructions';
export * from './fields';
export * from './registers';
export * from './csrs';
