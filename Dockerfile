# syntax=docker/dockerfile:1
# One image for every service of the pipeline; compose (docker-compose.yml) picks each one's
# command. The build stage installs the workspace from the lock file, transpiles every package
# to JavaScript (pnpm run build) and keeps only the production dependencies; the runtime stage
# runs that JavaScript as a non-root user under an init process, without TypeScript tooling.
# The services read schemas, migrations and Lua scripts relative to the workspace layout, so the
# image keeps that layout (dist/ beside src/) rather than one `pnpm deploy` folder per service.
# infra/test/dockerfile.test.ts runs the build stage's RUN steps, in order, in a scratch folder.

ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm run build
# Production dependencies only; the modules folder is replaced without asking (no TTY in a build).
RUN pnpm install --frozen-lockfile --prod --offline --config.confirm-modules-purge=false

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# The packages' "compiled" export condition points at dist/: no TypeScript at run time.
ENV NODE_ENV=production NODE_OPTIONS=--conditions=compiled HEALTH_PORT=9464
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HEALTH_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node"]
CMD ["services/aggregator/dist/main.js"]
