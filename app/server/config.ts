// What the browser learns at start (GET /config.json): which cluster, how its
// wallet signs, where the explorer is. One build serves any cluster; only this
// changes.

/** The runtime configuration of the app (the browser's view). */
export interface AppConfig {
  /** JSON-RPC and websocket endpoints of the cluster. */
  rpcUrl: string;
  wsUrl: string;
  /** A human name for the cluster, shown in the header. */
  clusterName: string;
  /** The wallet-standard chain wallets sign for (wallets know no `solana:localnet`, so local uses devnet's). */
  walletChain: `solana:${string}`;
  /** Explorer links; `{signature}` / `{address}` are replaced. */
  explorerTx: string;
  explorerAddress: string;
  /** The local chain: development tools (move the clock) are offered. */
  localChain: boolean;
  /** The local development wallet (demo keys) is offered. */
  devWallet: boolean;
  /** The program, when not the SDK's default. */
  programAddress: string | null;
}

/** Explorer URL templates for a cluster; a custom RPC URL uses the explorer's custom cluster. */
export function explorerTemplates(cluster: string, rpcUrl: string): Pick<AppConfig, 'explorerTx' | 'explorerAddress'> {
  const suffix =
    cluster === 'mainnet-beta'
      ? ''
      : cluster === 'devnet' || cluster === 'testnet'
        ? `?cluster=${cluster}`
        : `?cluster=custom&customUrl=${encodeURIComponent(rpcUrl)}`;
  return {
    explorerTx: `https://explorer.solana.com/tx/{signature}${suffix}`,
    explorerAddress: `https://explorer.solana.com/address/{address}${suffix}`,
  };
}
