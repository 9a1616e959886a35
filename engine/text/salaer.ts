/**
 * Which inkassosalær may be charged on a day (a result's `salaer.applies`), as the Norwegian
 * texts write it: the CLI's summary and the editor's result view. The result itself keeps the
 * machine values (none, lett, tung) for integrators.
 */
export const SALAER_GJELDER: Readonly<Record<'none' | 'lett' | 'tung', string>> = {
  none: 'ingen ennå (vilkårene for salær er ikke oppfylt)',
  lett: 'lett',
  tung: 'tung',
};
