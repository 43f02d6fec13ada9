import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits next to the module at `parentUrl`
 * (pass `import.meta.url`). Compiled code (`dist/`, .js) runs the .js file as
 * it is. Source code run by tsx or Vitest (.ts) runs the .ts file through tsx:
 * a worker thread inherits neither Vitest's transform nor, on Node 20, a loader
 * given with `--import` in its execArgv, so a two-line bootstrap imports the
 * file with tsx's `tsImport` from inside the thread.
 */
export const startWorker = (name: string, parentUrl: string, workerData: unknown): Worker => {
  const fromSource = new URL(parentUrl).pathname.endsWith('.ts');
  const file = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, parentUrl);
  if (!fromSource) return new Worker(file, { workerData });
  const entry = JSON.stringify(file.href);
  const bootstrap = `import(${JSON.stringify(tsxApi())}).then(({ tsImport }) => tsImport(${entry}, ${entry}));`;
  return new Worker(bootstrap, { eval: true, workerData });
};

// Resolved from this file, not from the working directory, so tests run from anywhere.
const tsxApi = (): string => import.meta.resolve('tsx/esm/api');
