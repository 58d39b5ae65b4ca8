import postgres from 'postgres';
import { createDb, type Db } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { addr } from './synthetic.js';

const admin = postgres('postgres://postgres@127.0.0.1:54329/modelmint', { max: 1, onnotice: () => {} });
await admin.unsafe('drop database if exists mm_s2 with (force)');
await admin.unsafe('create database mm_s2');
await admin.end();
const WORDS = [
  'pixel',
  'cat',
  'caption',
  'style',
  'anime',
  'portrait',
  'landscape',
  'photo',
  'sketch',
  'watercolor',
  'robot',
  'space',
  'ocean',
  'forest',
  'city',
  'night',
  'retro',
  'neon',
  'vintage',
  'comic',
  'dog',
  'bird',
  'flower',
  'car',
  'food',
  'logo',
  'icon',
  'font',
  'map',
  'poster',
];

/** 50,000 models with names, descriptions and tags from a small vocabulary. */
async function seedModels(db: Db, count: number): Promise<void> {
  let s = 7;
  const pick = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return WORDS[s % WORDS.length] as string;
  };
  for (let i = 0; i < count; i += 1000) {
    const rows = [];
    for (let k = i; k < Math.min(count, i + 1000); k++) {
      rows.push({
        address: addr(`search-model-${k}`),
        creator: addr(`creator${k % 500}`),
        category: (['caption', 'style', 'generate'] as const)[k % 3],
        visibility: k % 7 === 0 ? ('allowlist' as const) : ('public' as const),
        status: 'ready' as const,
        payment_mint: '11111111111111111111111111111111',
        price_per_use: String(1_000 + ((k * 7919) % 10_000_000)),
        uses: String((k * 31) % 10_000),
        gross_revenue: String((k * 131) % 1_000_000_000),
        rating_sum: String((k * 13) % 500),
        rating_count: String(1 + ((k * 7) % 100)),
        created_at: String(1_700_000_000 + k),
        name: `${pick()} ${pick()} ${k}`,
        description: `A ${pick()} model for ${pick()} ${pick()} and ${pick()} images.`,
        tags: [pick(), pick(), pick()],
        slot: '1',
        signature: 'bench',
        commitment: 'finalized' as const,
        pos: '0',
      });
    }
    await db.insertInto('models').values(rows).execute();
  }
  await db.executeQuery({ sql: 'analyze models', parameters: [], query: { kind: 'RawNode' } } as never);
}

const h = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:54329/mm_s2' });
await migrateToLatest(h.db);
await seedModels(h.db, 50000);
await h.close();
