import { fail } from '@sveltejs/kit';
import { ROLES, UserError, type Role } from '$lib/server/users.ts';
import { needRole } from '$lib/server/guard.ts';
import { Forbidden, requireRole, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  needRole(locals.user, 'admin');
  return { users: workspace().users.list(), roles: ROLES };
};

const rolesOf = (f: FormData) => ROLES.filter((r) => f.get(`rolle-${r}`) === 'on') as Role[];

async function guarded(run: () => Promise<unknown>, ok: string) {
  try {
    await run();
    return { ok };
  } catch (e) {
    if (e instanceof UserError || e instanceof Forbidden) return fail(400, { feil: e.message });
    throw e;
  }
}

export const actions: Actions = {
  opprett: async ({ request, locals }) => {
    requireRole(locals.user, 'admin');
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '').trim().toLowerCase();
    return guarded(() => workspace().users.create({ username, name: String(f.get('navn') ?? ''), roles: rolesOf(f), password: String(f.get('passord') ?? '') }), `Brukeren ${username} er opprettet.`);
  },
  roller: async ({ request, locals }) => {
    requireRole(locals.user, 'admin');
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    return guarded(() => workspace().users.update(username, { roles: rolesOf(f) }), `Rollene til ${username} er endret.`);
  },
  aktiv: async ({ request, locals }) => {
    const admin = requireRole(locals.user, 'admin');
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    const disabled = f.get('deaktiver') === '1';
    if (disabled && username === admin.username) return fail(400, { feil: 'Du kan ikke deaktivere deg selv.' });
    return guarded(() => workspace().users.update(username, { disabled }), `${username} er ${disabled ? 'deaktivert' : 'aktivert'}.`);
  },
  passord: async ({ request, locals }) => {
    requireRole(locals.user, 'admin');
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    return guarded(() => workspace().users.update(username, { password: String(f.get('passord') ?? '') }), `Nytt passord er satt for ${username}.`);
  },
};
