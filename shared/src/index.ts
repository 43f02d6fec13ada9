export * from './ids.js';
export * from './errors.js';
export * from './model.js';
export * from './commands.js';
export * from './events.js';
export * from './protocol.js';
export * from './phases.js';
export * from './verbatim.js';
