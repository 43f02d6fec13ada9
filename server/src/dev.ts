import { spawn, type ChildProcess } from 'node:child_process';

// `npm run dev`: the server restarted on every change (node --watch through tsx) and the
// web client on Vite's dev server with hot reload, which proxies /api and /socket.io to
// the server. Invite links point at Vite's address so they open the hot-reloading client.

const VITE_PORT = 5173;
const viteOrigin = `http://localhost:${VITE_PORT}`;

const children: ChildProcess[] = [];
const start = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const child = spawn(command, args, { stdio: 'inherit', env });
  children.push(child);
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGTERM');
    process.exitCode = code ?? 0;
  });
};

start(process.execPath, ['--import', 'tsx/esm', '--watch', 'server/src/main.ts'], {
  ...process.env,
  PARLEY_PUBLIC_URL: process.env.PARLEY_PUBLIC_URL ?? viteOrigin,
  PARLEY_ALLOWED_ORIGINS:
    process.env.PARLEY_ALLOWED_ORIGINS ?? `${viteOrigin},http://127.0.0.1:${VITE_PORT},http://localhost:3000`,
});
start(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'client/vite.config.ts', '--port', String(VITE_PORT), '--strictPort']);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
