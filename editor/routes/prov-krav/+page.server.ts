import { osloToday } from '$engine/node.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workspace } from '$lib/server/workspace.ts';
import type { PageServerLoad } from './$types';

const examples = ['claim-egeninkasso.json', 'claim-fremmedinkasso.json'];

export const load: PageServerLoad = ({ url }) => {
  const ws = workspace();
  const example = (name: string) => {
    try {
      return readFileSync(fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url)), 'utf8');
    } catch {
      try {
        return readFileSync(`${process.cwd()}/examples/${name}`, 'utf8');
      } catch {
        return '';
      }
    }
  };
  return {
    examples: examples.map((name) => ({ name, text: example(name) })).filter((e) => e.text),
    drafts: ws.drafts.list().filter((d) => d.status === 'utkast' || d.status === 'til_godkjenning').map((d) => ({ id: d.id, title: d.title })),
    today: osloToday(new Date()),
    utkast: url.searchParams.get('utkast') ?? '',
  };
};
