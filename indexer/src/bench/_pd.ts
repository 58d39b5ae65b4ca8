import { PROGRAM_ADDRESS } from '@modelmint/sdk';
import { createLogDecoder } from '../ingest/log-decoder.js';
import { syntheticHistory } from './synthetic.js';

const { txs } = syntheticHistory({ programId: PROGRAM_ADDRESS, events: 100000 });
const decoder = createLogDecoder(PROGRAM_ADDRESS);
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (const raw of txs) decoder.decode(raw, 'confirmed');
  console.log('decode', ((performance.now() - t) / 1000).toFixed(2));
}
