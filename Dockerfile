# Multi-stage build of the ledger service. The build stage compiles better-sqlite3 (the embedded store, used when
# EVENTSTORE_CONNECTION_STRING is unset) and the TypeScript sources; the runtime stage carries only what runs.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json .swcrc nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The data directory (keys, read models, audit index; the embedded store too) belongs to the user the service runs as:
# a named volume mounted there starts as a copy of it, so the service can write (docker-compose.yml's LEDGER_DATA_DIR).
ENV LEDGER_DATA_DIR=/var/lib/consent-ledger
RUN mkdir -p /var/lib/consent-ledger && chown node:node /var/lib/consent-ledger
USER node
# The service binds loopback by default, which in a container is the container's own: `docker run -p 3000:3000`
# could not reach it. The container's network namespace is what isolates it here.
ENV HOST=0.0.0.0
EXPOSE 3000
CMD ["node", "dist/apps/ledger-api/src/main.js"]
