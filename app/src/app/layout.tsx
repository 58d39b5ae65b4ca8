import { type ReactNode, useEffect } from 'react';
import { NavLink } from 'react-router';
import { config } from '../config.js';
import { WalletButton } from '../wallet/WalletButton.js';

const link = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 text-sm font-medium ${isActive ? 'bg-indigo-100 text-indigo-950' : 'text-slate-800 hover:bg-slate-100'}`;

export function Layout({ children }: { children: ReactNode }) {
  const c = config();
  // When the app runs (rendered or hydrated) in the browser: npm run bench:app reads it.
  useEffect(() => {
    performance.mark('modelmint:app-ready');
  }, []);
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <NavLink to="/" className="text-xl font-bold text-indigo-900">
            modelmint
          </NavLink>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            <NavLink to="/" end className={link}>
              Marketplace
            </NavLink>
            <NavLink to="/account" className={link}>
              My account
            </NavLink>
            <NavLink to="/studio" className={link}>
              Creator studio
            </NavLink>
            <NavLink to="/arbiter" className={link}>
              Arbiter console
            </NavLink>
          </nav>
          <span className="ml-auto rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700" title={c.rpcUrl}>
            {c.clusterName}
          </span>
          <WalletButton />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
