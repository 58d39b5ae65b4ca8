// JSON-RPC 2.0 request handling (single and batch), shared by HTTP and websocket.
import type { Handler, RpcContext } from './context.js';
import { isRecord, type JsonObject, type JsonValue } from './json.js';
import { Params } from './params.js';
import { INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, RpcError } from './rpc-error.js';

type Id = string | number | null;

function errorResponse(id: Id, e: unknown): JsonObject {
  if (e instanceof RpcError) {
    const error: JsonObject = { code: e.code, message: e.message };
    if (e.data !== undefined) error.data = e.data;
    return { jsonrpc: '2.0', error, id };
  }
  return { jsonrpc: '2.0', error: { code: INTERNAL_ERROR, message: e instanceof Error ? e.message : String(e) }, id };
}

function idOf(req: Record<string, unknown>): Id {
  const id = req.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** Handles one request object. */
export async function handleOne(ctx: RpcContext, methods: Record<string, Handler>, req: unknown): Promise<JsonObject> {
  if (!isRecord(req) || req.jsonrpc !== '2.0' || typeof req.method !== 'string') {
    return errorResponse(isRecord(req) ? idOf(req) : null, new RpcError(INVALID_REQUEST, 'Invalid request'));
  }
  const id = idOf(req);
  const handler = methods[req.method];
  if (!handler) return errorResponse(id, new RpcError(METHOD_NOT_FOUND, 'Method not found'));
  try {
    const result: JsonValue = await handler(ctx, Params.from(req.method, req.params));
    return { jsonrpc: '2.0', result, id };
  } catch (e) {
    return errorResponse(id, e);
  }
}

/** Handles a parsed body: one request or a batch. */
export async function handleBody(
  ctx: RpcContext,
  methods: Record<string, Handler>,
  body: unknown,
): Promise<JsonObject | JsonObject[]> {
  if (Array.isArray(body)) {
    if (body.length === 0) return errorResponse(null, new RpcError(INVALID_REQUEST, 'Invalid request'));
    const out: JsonObject[] = [];
    for (const r of body) out.push(await handleOne(ctx, methods, r));
    return out;
  }
  return handleOne(ctx, methods, body);
}
