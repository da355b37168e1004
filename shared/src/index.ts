export * from './errors';
export * from './rules';
export * from './schemas';
export * from './time';
