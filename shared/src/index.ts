export * from './alliance';
export * from './errors';
export * from './reports';
export * from './rules';
export * from './schemas';
export * from './till';
export * from './time';
