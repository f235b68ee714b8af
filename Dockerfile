# One image for the lab's services and its console; the container's command picks which:
#   docker run outage-lab/services node dist/services/widget-api/server.js
# Base pinned to a minor release of Node 20 on Debian bookworm (slim: no curl, hence `node -e` below).
ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- build: all dependencies, compile TypeScript to dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are here. The optional memlab
# packages are needed to compile heap/ (the CLI's); the runtime stage leaves them out, no service
# imports them.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY common ./common
COPY catalogue ./catalogue
COPY profile ./profile
COPY services ./services
COPY console ./console
COPY lab ./lab
COPY scenarios ./scenarios
COPY grading ./grading
COPY heap ./heap
COPY load ./load
COPY cli ./cli
COPY scripts ./scripts
RUN npx tsc -p .
# The console's page (esbuild; the client's type check is `npm run build`'s, not the image's).
RUN node scripts/build-console.js

# ---- runtime: production dependencies and the compiled services, run as the unprivileged `node` user
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# PORT: the default command's (partner-api); the compose file sets each service's own.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4104 \
    npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY prometheus/rules ./prometheus/rules
# The built-in scenarios are data, read from the package's folder (scenarios/definitions/index.ts).
COPY scenarios/definitions/*.yaml ./scenarios/definitions/
USER node
# Liveness only (/healthz); readiness (/readyz) also needs the database and is for traffic, not restarts.
# PORT is set per service by the compose file; slim images have no curl, node's fetch does it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/services/partner-api/server.js"]
