// "Connect Wallet": the wallets found in this browser through the wallet
// standard (Phantom, Backpack, Solflare, the local dev wallet); once
// connected, the account (switchable when the wallet has several), copy,
// explorer and disconnect. Never prompts on page load.
import { useSelectedWalletAccount } from '@solana/react';
import { type UiWallet, useConnect, useDisconnect } from '@wallet-standard/react';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../components/ui.js';
import { config, explorerAddress } from '../config.js';
import { isRejection } from '../lib/rejection.js';
import { shortAddress } from '../lib/time.js';
import { DEV_WALLET_NAME } from './dev-wallet.js';
import { useWallet } from './signer.js';

const canSign = (w: UiWallet) =>
  w.features.includes('standard:connect') && w.features.includes('solana:signTransaction');

function WalletOption({
  wallet,
  onDone,
  onError,
}: {
  wallet: UiWallet;
  onDone: () => void;
  onError: (m: string) => void;
}) {
  const [connecting, connect] = useConnect(wallet);
  const [, setSelected] = useSelectedWalletAccount();
  const dev = wallet.name === DEV_WALLET_NAME;
  return (
    <li>
      <button
        type="button"
        disabled={connecting}
        className="flex w-full items-center gap-3 rounded-md px-3 py-2 text-left text-sm hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500"
        onClick={async () => {
          try {
            const accounts = await connect();
            const first = accounts[0];
            if (first) setSelected(first);
            onDone();
          } catch (e) {
            onError(isRejection(e) ? 'Cancelled in your wallet.' : `Could not connect: ${(e as Error).message}`);
          }
        }}
      >
        <img src={wallet.icon} alt="" className="size-6" />
        <span className="flex flex-col">
          <span className="font-medium">{wallet.name}</span>
          {dev ? (
            <span className="text-xs text-amber-900">Local chain only: demo keys held by the app server</span>
          ) : null}
        </span>
        {connecting ? <span className="ml-auto text-xs">Connecting…</span> : null}
      </button>
    </li>
  );
}

function ConnectedMenu({ wallet, onDone }: { wallet: UiWallet; onDone: () => void }) {
  const [selected, setSelected] = useSelectedWalletAccount();
  const [, disconnect] = useDisconnect(wallet);
  const [copied, setCopied] = useState(false);
  if (!selected) return null;
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p className="break-all font-mono text-xs">{selected.address}</p>
      {wallet.accounts.length > 1 ? (
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium text-slate-700">Account</legend>
          {wallet.accounts.map((a) => (
            <label key={a.address} className="flex items-center gap-2">
              <input
                type="radio"
                name="wallet-account"
                checked={a.address === selected.address}
                onChange={() => setSelected(a)}
              />
              <span>
                {a.label ?? 'account'} <span className="font-mono text-xs">{shortAddress(a.address)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(selected.address).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? 'Copied!' : 'Copy address'}
        </Button>
        <a
          className="rounded-md border border-slate-400 px-3 py-2 underline"
          href={explorerAddress(selected.address)}
          target="_blank"
          rel="noreferrer"
        >
          View on explorer
        </a>
        <Button
          variant="secondary"
          onClick={async () => {
            await disconnect().catch(() => undefined);
            setSelected(undefined);
            onDone();
          }}
        >
          Disconnect
        </Button>
      </div>
    </div>
  );
}

export function WalletButton() {
  const [selected, , wallets] = useSelectedWalletAccount();
  const wallet = useWallet();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent | MouseEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);
  const usable = wallets.filter(canSign);
  const other = wallets.filter((w) => !canSign(w));
  const current = selected ? wallets.find((w) => w.accounts.some((a) => a.address === selected.address)) : undefined;
  return (
    <div className="relative" ref={ref}>
      <Button
        variant={selected ? 'secondary' : 'primary'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {selected && current ? (
          <>
            <img src={current.icon} alt="" className="size-4" />
            <span className="font-mono">{shortAddress(selected.address)}</span>
            <span className="sr-only">wallet menu</span>
          </>
        ) : (
          'Connect Wallet'
        )}
      </Button>
      {open ? (
        <div
          id={panelId}
          className="absolute right-0 z-20 mt-2 w-80 rounded-lg border border-slate-300 bg-white p-3 shadow-lg"
        >
          {wallet.status === 'wrong-network' ? (
            <p role="alert" className="mb-2 text-sm font-medium text-red-800">
              Wrong network: this account is not on {config().clusterName} ({config().walletChain}).
            </p>
          ) : null}
          {selected && current ? (
            <ConnectedMenu wallet={current} onDone={() => setOpen(false)} />
          ) : usable.length === 0 ? (
            <p className="text-sm">
              No wallet found in this browser. Install{' '}
              <a className="underline" href="https://phantom.com/download" target="_blank" rel="noreferrer">
                Phantom
              </a>
              , Backpack or Solflare, then reload.
            </p>
          ) : (
            <>
              <p className="mb-1 text-xs font-medium text-slate-700">Choose a wallet</p>
              <ul className="flex flex-col">
                {usable.map((w) => (
                  <WalletOption key={w.name} wallet={w} onDone={() => setOpen(false)} onError={setError} />
                ))}
              </ul>
              {other.length ? (
                <p className="mt-2 text-xs text-slate-600">
                  Cannot sign Solana transactions: {other.map((w) => w.name).join(', ')}
                </p>
              ) : null}
            </>
          )}
          {error ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
