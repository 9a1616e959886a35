// A replay worker thread: loads tsx so that worker.ts runs as TypeScript, like the inkasso command.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
