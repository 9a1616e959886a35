// A samlesak worker thread: loads tsx so that samlesak-worker.ts runs as TypeScript, like the inkasso command.
import { register } from 'tsx/esm/api';

register();
await import('./samlesak-worker.ts');
