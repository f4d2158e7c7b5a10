export * from './auth.js';
export * from './errors.js';
export * from './frames.js';
export * from './limits.js';
export * from './message.js';
export * from './names.js';
export * from './room.js';
export * from './room-events.js';
