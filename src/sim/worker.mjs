// Plain-JS worker entry: loads the TypeScript worker through tsx's API, which works in worker
// threads whatever flags the parent process was started with.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
