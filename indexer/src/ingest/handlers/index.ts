import type { EventData, EventName, ModelmintEvent } from '../events.js';
import { onAccessGranted, onAccessRevoked } from './access.js';
import { onConfigUpdated, onFeesWithdrawn, onTrustedMintSet } from './config.js';
import type { FoldContext } from './context.js';
import { onDisputeResolved, onJobDisputed } from './disputes.js';
import {
  onJobClaimed,
  onJobClosed,
  onJobExpired,
  onJobFailed,
  onJobRequested,
  onJobSettled,
  onResultSubmitted,
} from './jobs.js';
import { onModelCreated, onModelUpdated, onRevenueWithdrawn } from './models.js';
import { onOracleState } from './oracles.js';
import { onPassBought, onPassClosed } from './passes.js';
import { onJobRated } from './ratings.js';
import { onSubscribed, onSubscriptionCancelled } from './subscriptions.js';
import { onVersionPublished, onVersionYanked } from './versions.js';

export type { FoldContext } from './context.js';

type Handlers = { [N in EventName]: (ctx: FoldContext, data: EventData<N>) => void };

/** Event -> rows, one handler per IDL event (each module owns its tables). */
export const handlers: Handlers = {
  ConfigUpdated: onConfigUpdated,
  OracleRegistered: onOracleState,
  OracleUpdated: onOracleState,
  ModelCreated: onModelCreated,
  ModelUpdated: onModelUpdated,
  AccessGranted: onAccessGranted,
  AccessRevoked: onAccessRevoked,
  Subscribed: onSubscribed,
  PassBought: onPassBought,
  PassClosed: onPassClosed,
  JobRequested: onJobRequested,
  JobClaimed: onJobClaimed,
  ResultSubmitted: onResultSubmitted,
  JobFailed: onJobFailed,
  JobExpired: onJobExpired,
  JobDisputed: onJobDisputed,
  DisputeResolved: onDisputeResolved,
  JobSettled: onJobSettled,
  VersionPublished: onVersionPublished,
  VersionYanked: onVersionYanked,
  JobRated: onJobRated,
  RevenueWithdrawn: onRevenueWithdrawn,
  JobClosed: onJobClosed,
  FeesWithdrawn: onFeesWithdrawn,
  TrustedMintSet: onTrustedMintSet,
  SubscriptionCancelled: onSubscriptionCancelled,
};

/** Applies one event to the fold's rows. */
export function applyEvent(ctx: FoldContext, event: ModelmintEvent): void {
  const handler = handlers[event.name] as (ctx: FoldContext, data: ModelmintEvent['data']) => void;
  handler(ctx, event.data);
}
