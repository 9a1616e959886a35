import { error } from '@sveltejs/kit';
import type { Role, User } from './users.ts';
import { Forbidden, requireRole } from './workspace.ts';

/** For page loads: the user, or a 403 page saying which role is needed. */
export function needRole(user: User | undefined, ...roles: Role[]): User {
  try {
    return requireRole(user, ...roles);
  } catch (e) {
    if (e instanceof Forbidden) error(403, e.message);
    throw e;
  }
}
