export type { ChainListener, ChainState } from './chain.js';
export { Chain } from './chain.js';
export { methods } from './methods/index.js';
export { DEFAULT_PROGRAM, idlProgramId, type Localnet, type LocalnetOptions, startLocalnet } from './server.js';
