import type { Handler } from '../context.js';
import { accountMethods } from './accounts.js';
import { clusterMethods } from './cluster.js';
import { devMethods } from './dev.js';
import { historyMethods } from './history.js';
import { sendMethods } from './send.js';

/** Every JSON-RPC method the local endpoint serves. */
export const methods: Record<string, Handler> = {
  ...clusterMethods,
  ...accountMethods,
  ...sendMethods,
  ...historyMethods,
  ...devMethods,
};
