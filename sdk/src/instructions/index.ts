export * from './admin.js';
export * from './consumer.js';
export * from './jobs.js';
export * from './models.js';
export * from './payment.js';
export * from './wallet.js';
