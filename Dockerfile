# Whip as a container: one instance of a cluster (see docker-compose.yml and "Running several instances" in the
# README). Not built on the development machine (no Docker there): review before relying on it.
#
# Build stage: compile better-sqlite3's native module and the TypeScript, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# `prepare` (the build) needs the sources: install without scripts first, build after copying them.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json biome.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY bin ./bin
COPY kb ./kb
RUN npm run build && npm prune --omit=dev

# Runtime stage: no compilers, a non-root user, the ops server for health checks.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    WHIP_DATA_DIR=/data \
    WHIP_OPS_PORT=9464 \
    WHIP_OPS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/kb ./kb
# The lexical resources (WordNet forms, related words, vectors) are read from the source tree at run time.
COPY --from=build /app/src/core/nlp/lexical ./src/core/nlp/lexical
# The `node` user (uid 1000) ships with the image. /data holds the SQLite file (single instance) or only the
# prepared-KB snapshot cache (with DATABASE_URL); a cluster member may run with it empty.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 9464
# Alive = the ops server answers. (Readiness, /readyz, is for load balancers; a dead database must not make
# Docker restart every instance.)
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.WHIP_OPS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains and exits within 10 s (Docker's default stop grace period).
STOPSIGNAL SIGTERM
CMD ["node", "bin/whip.js", "start"]
