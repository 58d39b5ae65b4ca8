// 50,000 model rows for the marketplace benchmark, written straight into an
// indexer database (names, descriptions and tags from a small vocabulary).
import type { Db } from '@modelmint/indexer';

const WORDS = ['pirate', 'pixel', 'cat', 'sea', 'neon', 'sketch', 'poem', 'robot', 'forest', 'retro', 'comic', 'haiku'];

function address(n: number): string {
  // 44 base58 characters, unique per n (not a real key: the marketplace only shows it).
  const digits = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let s = '';
  for (let v = n, i = 0; i < 6; v = Math.floor(v / 58), i++) s += digits[v % 58];
  return `Mdl${s}`.padEnd(44, 'x');
}

export async function seedMarketplace(db: Db, count: number): Promise<void> {
  const word = (k: number, salt: number) => WORDS[(k * 7 + salt * 13) % WORDS.length] as string;
  for (let i = 0; i < count; i += 1000) {
    const rows = [];
    for (let k = i; k < Math.min(count, i + 1000); k++) {
      rows.push({
        address: address(k),
        creator: address(1_000_000 + (k % 300)),
        owner: address(1_000_000 + (k % 300)),
        category: (['caption', 'generate', 'style'] as const)[k % 3],
        visibility: k % 9 === 0 ? ('allowlist' as const) : ('public' as const),
        status: 'ready' as const,
        payment_mint: '11111111111111111111111111111111',
        price_per_use: String(1_000 + ((k * 7919) % 50_000_000)),
        subscription_price: '0',
        pass_size: '0',
        pass_price: '0',
        uses: String((k * 37) % 20_000),
        gross_revenue: String((k * 1_234_567) % 5_000_000_000),
        rating_sum: String((k * 11) % 400),
        rating_count: String(1 + ((k * 3) % 90)),
        created_at: String(1_760_000_000 + k),
        current_version: '1',
        version_count: '1',
        name: `${word(k, 1)} ${word(k, 2)} ${k}`,
        description: `A ${word(k, 3)} model that turns ${word(k, 4)} into ${word(k, 5)}.`,
        tags: [word(k, 6), word(k, 7)],
        slot: '1',
        signature: 'bench-app',
        commitment: 'finalized' as const,
        pos: String(k),
      });
    }
    await db.insertInto('models').values(rows).execute();
  }
}
