// Browse and search: full-text search by the indexer, filters, sort and
// cursor pagination, all kept in the URL.
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, binder, Loading, Notice, Select, TextField } from '../../components/ui.js';
import { CATEGORIES, readSearch, type SearchState, SORTS, toQuery, writeSearch } from '../../lib/search.js';
import { ModelCard } from './ModelCard.js';
import { modelsQuery } from './prefetch.js';

export function MarketplacePage() {
  const [params, setParams] = useSearchParams();
  const applied = readSearch(params);
  const [draft, setDraft] = useState<SearchState>(applied);
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL is the source of truth
  useEffect(() => setDraft(readSearch(params)), [key]);
  const { query, errors } = toQuery(applied);
  const draftErrors = toQuery(draft).errors;
  const results = useInfiniteQuery({ ...modelsQuery(query), enabled: Object.keys(errors).length === 0 });
  const bind = binder(draft, setDraft, draftErrors);
  // Filtering by an SPL token: its mint is typed in (an empty one means any currency).
  const [token, setToken] = useState(applied.mint !== '' && applied.mint !== 'sol');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(draftErrors).length === 0) setParams(writeSearch(draft));
  };
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Marketplace</h1>
      <search>
        <form onSubmit={submit} className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 md:grid-cols-4">
          <div className="md:col-span-3">
            <TextField label="Search models" type="search" placeholder="name, tag or description" {...bind('q')} />
          </div>
          <Select label="Sort by" {...bind('sort')} options={SORTS} />
          <Select label="Category" {...bind('category')} options={CATEGORIES} />
          <Select
            label="Visibility"
            {...bind('visibility')}
            options={[
              { value: '', label: 'Public and allowlist' },
              { value: 'public', label: 'Public' },
              { value: 'allowlist', label: 'Allowlist only' },
            ]}
          />
          <Select
            label="Payment"
            value={token ? 'token' : draft.mint}
            onChange={(e) => {
              setToken(e.target.value === 'token');
              setDraft({ ...draft, mint: e.target.value === 'token' ? '' : e.target.value });
            }}
            options={[
              { value: '', label: 'Any currency' },
              { value: 'sol', label: 'SOL' },
              { value: 'token', label: 'An SPL token…' },
            ]}
          />
          {token ? <TextField label="Token mint address" {...bind('mint')} /> : <span />}
          <TextField
            label={`Min price per use (${token ? 'base units' : 'SOL'})`}
            inputMode="decimal"
            {...bind('min')}
          />
          <TextField
            label={`Max price per use (${token ? 'base units' : 'SOL'})`}
            inputMode="decimal"
            {...bind('max')}
          />
          <div className="flex items-end gap-2 md:col-span-2">
            <Button type="submit">Search</Button>
            <Button
              variant="secondary"
              onClick={() => {
                setToken(false);
                setParams(new URLSearchParams());
              }}
            >
              Clear
            </Button>
          </div>
        </form>
      </search>
      <section aria-labelledby="results-heading" aria-busy={results.isFetching || undefined}>
        <h2 id="results-heading" className="sr-only">
          Results
        </h2>
        {results.isPending && results.fetchStatus !== 'idle' ? <Loading what="models" /> : null}
        {results.isError ? (
          <Notice tone="error">The indexer could not be reached: {results.error.message}</Notice>
        ) : null}
        {results.isSuccess && items.length === 0 ? <Notice>No model matches this search.</Notice> : null}
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="model-list">
          {items.map((m) => (
            <ModelCard key={m.address} m={m} />
          ))}
        </ul>
        {results.hasNextPage ? (
          <div className="mt-4 flex justify-center">
            <Button variant="secondary" busy={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
              Load more
            </Button>
          </div>
        ) : null}
      </section>
    </div>
  );
}
