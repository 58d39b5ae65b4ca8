/** Advisory lock key serialising writers of the fold (ingest, drop, rebuild, reconcile). */
export const INGEST_LOCK = 0x6d6d696e;
