# syntax=docker/dockerfile:1
# One image for all three roles: the API (default CMD), the worker
# (`node dist/apps/worker/apps/worker/src/main.js`) and the migrations
# (`node scripts/db-migrate.js`). See docker-compose.yml.

# --- build: all dependencies, Prisma client generation, TypeScript build -------
FROM node:24-bookworm-slim AS build
WORKDIR /app

# `npm install` runs the postinstall `prisma generate`, which needs the schema and prisma.config.ts.
# (`npm ci` is not used: the lockfile may lack other platforms' optional packages.)
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm install --no-audit --no-fund

COPY . .
# A release bundle (npm run bundle) brings its build in dist/ and no sources to build from.
RUN if [ -d apps ]; then npm run build; fi

# --- runtime: production dependencies and the build output only ---------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# All interfaces: in a container only the published port reaches them. (Unset, the
# API would listen on 127.0.0.1 in sandbox mode, unreachable from outside the container.)
ENV HOST=0.0.0.0
WORKDIR /app

# --ignore-scripts: the postinstall (`prisma generate`) needs the prisma CLI, a dev
# dependency; the generated client is already compiled into dist/.
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

COPY --from=build /app/dist ./dist
COPY prisma ./prisma
COPY scripts ./scripts

USER node
EXPOSE 3000

# 200 only when PostgreSQL and Redis both answer (the endpoint returns 503 otherwise).
# The worker has no HTTP port: docker-compose.yml disables this check for it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const r=require('http').get({host:'127.0.0.1',port:process.env.PORT||3000,path:'/api/health',timeout:4000},(res)=>process.exit(res.statusCode===200?0:1));r.on('timeout',()=>process.exit(1));r.on('error',()=>process.exit(1));"]

CMD ["node", "dist/apps/api/apps/api/src/main.js"]
