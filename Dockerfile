# syntax=docker/dockerfile:1
# Parley in two stages: a builder with a C++ toolchain (better-sqlite3 compiles
# a native addon) and a slim runtime that holds only the built code and the
# production dependencies, run as the unprivileged `node` user.

FROM node:22-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# Server to dist/server and shared to dist/shared (tsc), the server bundled for start-up
# to dist/server/bundle (esbuild), client to dist/client (vite).
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  PARLEY_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The data folder holds the SQLite store and the session signing key: owned by
# the runtime user, kept on a volume so it outlives the container.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/bundle/main.js"]
