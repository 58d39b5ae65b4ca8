import type { EventContext } from '../context.js';
import type { EventName, EventOf, ModelmintEvent } from '../events.js';
import { onAccessGranted, onAccessRevoked } from './access.js';
import { onConfigUpdated } from './config.js';
import { onDisputeResolved, onJobDisputed } from './disputes.js';
import { onJobClaimed, onJobFailed, onJobRefunded, onJobRequested, onJobSettled, onResultSubmitted } from './jobs.js';
import { onModelCreated, onModelUpdated, onRevenueWithdrawn } from './models.js';
import { onOracleRegistered } from './oracles.js';
import { onPassBought, onPassClosed } from './passes.js';
import { onJobRated } from './ratings.js';
import { onSubscribed } from './subscriptions.js';
import { onVersionPublished, onVersionYanked } from './versions.js';

type Handlers = { [N in EventName]: (ctx: EventContext, event: EventOf<N>) => Promise<void> };

/** Event -> rows. Each handler runs once per event (the events table's key guarantees it). */
export const handlers: Handlers = {
  ConfigUpdated: onConfigUpdated,
  OracleRegistered: onOracleRegistered,
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
  JobRefunded: onJobRefunded,
  JobDisputed: onJobDisputed,
  DisputeResolved: onDisputeResolved,
  JobSettled: onJobSettled,
  VersionPublished: onVersionPublished,
  VersionYanked: onVersionYanked,
  JobRated: onJobRated,
  RevenueWithdrawn: onRevenueWithdrawn,
};

export function applyEvent(ctx: EventContext, event: ModelmintEvent): Promise<void> {
  const handler = handlers[event.name] as (ctx: EventContext, event: ModelmintEvent) => Promise<void>;
  return handler(ctx, event);
}

const ADDRESS_FIELDS = [
  'config',
  'oracle',
  'model',
  'job',
  'user',
  'requester',
  'creator',
  'rater',
  'recipient',
  'pass',
  'modelVersion',
  'arbiter',
] as const;

/** The addresses an event concerns, for the events table's `keys` (lookups, live updates). */
export function eventKeys(event: ModelmintEvent): string[] {
  const record = event as unknown as Record<string, unknown>;
  const keys = new Set<string>();
  for (const field of ADDRESS_FIELDS) {
    const value = record[field];
    if (typeof value === 'string') keys.add(value);
  }
  return [...keys];
}
