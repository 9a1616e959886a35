/**
 * JSON endpoints: read a body with a size limit, answer errors as JSON with a status, and turn the
 * workspace's errors into the right status (403 forbidden, 404 unknown, 409 conflict, 400 bad input).
 */
import { json } from '@sveltejs/kit';
import { DraftConflict, DraftError } from './drafts.ts';
import { EditError } from './rule-edit.ts';
import { PathError } from './paths.ts';
import { Forbidden, StaleBase } from './workspace.ts';
import { lineDiff } from './diff.ts';
import { UserError } from './users.ts';

export async function readJsonBody(request: Request, limit = 2_000_000): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new BadRequest('Send JSON (content-type: application/json).', 415);
  // Refused by its length before it is read, when it gives one (the server reads up to 17 MB).
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > limit) throw new BadRequest(`For stor forespørsel (over ${limit} byte).`, 413);
  const text = await request.text();
  if (text.length > limit) throw new BadRequest(`For stor forespørsel (over ${limit} byte).`, 413);
  try {
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch {
    throw new BadRequest('Ugyldig JSON.');
  }
}

export class BadRequest extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

/** The answer for an error thrown by a handler. */
export function errorResponse(e: unknown): Response {
  if (e instanceof DraftConflict) {
    return json({ error: e.message, konflikt: { sti: e.path, av: e.by, rev: e.theirRev, deres: e.theirs, diff: lineDiff(e.theirs, e.yours) } }, { status: 409 });
  }
  if (e instanceof StaleBase) return json({ error: e.message, konflikt: { sti: e.path, diff: lineDiff(e.base, e.current) } }, { status: 409 });
  if (e instanceof Forbidden) return json({ error: e.message }, { status: 403 });
  if (e instanceof BadRequest) return json({ error: e.message }, { status: e.status });
  if (e instanceof DraftError || e instanceof EditError || e instanceof PathError || e instanceof UserError) return json({ error: e.message }, { status: 400 });
  throw e;
}

export async function handle(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    return errorResponse(e);
  }
}
