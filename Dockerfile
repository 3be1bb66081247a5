# Build stage: compile, build the explorer (dist/web) and the database from the seed data, then
# drop dev dependencies.
FROM node:26-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json drizzle.config.ts openapi.yaml ./
COPY src ./src
COPY web ./web
COPY seed ./seed
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build \
 && node dist/seed/cli.js --db data/campaign-facts.db \
 && npm prune --omit=dev

# Runtime stage: no build tools, a non-root user, the database baked in.
FROM node:26-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_PATH=data/campaign-facts.db REBUILD_DATABASE=never
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/migrations ./migrations
COPY --from=build --chown=node:node /app/seed ./seed
COPY --from=build --chown=node:node /app/src/graphql ./src/graphql
COPY --from=build --chown=node:node /app/data ./data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# V8's young generation stays at its starting size (2 × 8 MB): under load it doubles, and kept that
# memory once quiet (README: Performance).
CMD ["node", "--max-semi-space-size=8", "dist/bundle/server.js"]
