import { fail } from '@sveltejs/kit';
import { ROLES, UserError, type Role } from '$lib/server/users.ts';
import { needRole } from '$lib/server/guard.ts';
import { Forbidden, workspace } from '$lib/server/workspace.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  const me = needRole(locals.user, 'admin');
  const ws = workspace();
  const events = ws.audit.list();
  return {
    me: me.username,
    users: ws.users.list().map((u) => ({
      username: u.username, name: u.name, roles: [...u.roles], disabled: !!u.disabled, createdAt: u.createdAt, createdBy: u.createdBy ?? 'ukjent',
      pending: (u.pending ?? []).map((p) => ({ role: p.role, by: p.by, at: p.at })), mustChangePassword: !!u.mustChangePassword,
    })),
    roles: ROLES,
    admins: ws.users.activeAdmins().length,
    blocked: ws.throttle.blocked(),
    failures: events.filter((e) => e.action === 'innlogging_feilet' || e.action === 'innlogging_sperret').slice(-30).reverse(),
  };
};

const rolesOf = (f: FormData) => ROLES.filter((r) => f.get(`rolle-${r}`) === 'on') as Role[];

/** Runs an action; its answer is the message shown, and refusals come back as 403/400 with theirs. */
async function guarded(run: () => Promise<string> | string) {
  try {
    return { ok: await run() };
  } catch (e) {
    if (e instanceof Forbidden) return fail(403, { feil: e.message });
    if (e instanceof UserError) return fail(400, { feil: e.message });
    throw e;
  }
}

const waiting = (roles: readonly Role[]) => roles.map((r) => (r === 'admin' ? 'administrator' : 'godkjenner')).join(' og ');

export const actions: Actions = {
  opprett: async ({ request, locals }) => {
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '').trim().toLowerCase();
    return guarded(async () => {
      const u = await workspace().createUser(locals.user, { username, name: String(f.get('navn') ?? ''), roles: rolesOf(f), password: String(f.get('passord') ?? '') });
      const pending = (u.pending ?? []).map((p) => p.role);
      return `Brukeren ${username} er opprettet og må velge et eget passord ved første innlogging.${pending.length ? ` Rollen ${waiting(pending)} venter på bekreftelse fra en annen administrator.` : ''}`;
    });
  },
  roller: async ({ request, locals }) => {
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    return guarded(async () => {
      const { pending } = await workspace().setRoles(locals.user, username, rolesOf(f));
      return `Rollene til ${username} er lagret.${pending.length ? ` Rollen ${waiting(pending)} venter på bekreftelse fra en annen administrator.` : ''}`;
    });
  },
  bekreft: async ({ request, locals }) => {
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    const role = String(f.get('rolle') ?? '') as Role;
    const accept = f.get('svar') === 'ja';
    return guarded(async () => {
      await workspace().confirmRole(locals.user, username, role, accept);
      return accept ? `Rollen ${waiting([role])} er bekreftet for ${username}.` : `Rollen ${waiting([role])} er avslått for ${username}.`;
    });
  },
  aktiv: async ({ request, locals }) => {
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    const disabled = f.get('deaktiver') === '1';
    return guarded(async () => {
      await workspace().setDisabled(locals.user, username, disabled);
      return `${username} er ${disabled ? 'deaktivert, og alle øktene er avsluttet' : 'aktivert'}.`;
    });
  },
  passord: async ({ request, locals }) => {
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    return guarded(async () => {
      await workspace().resetPassword(locals.user, username, String(f.get('passord') ?? ''));
      return `Nytt passord er satt for ${username}; alle øktene er avsluttet, og brukeren må velge et eget passord ved neste innlogging.`;
    });
  },
  laasopp: async ({ request, locals }) => {
    const f = await request.formData();
    const username = String(f.get('brukernavn') ?? '');
    return guarded(() => {
      workspace().unlockSignIn(locals.user, username);
      return `Innloggingen til ${username} er låst opp.`;
    });
  },
};
