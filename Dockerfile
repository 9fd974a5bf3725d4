# Production-like image of the Bazaar server (used by docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY jobs/package.json jobs/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
# The storefront is built with the dev tools, which are then dropped.
RUN npm run build -w @bazaar/client && npm prune --omit=dev
ENV NODE_ENV=production
EXPOSE 3000
RUN mkdir -p /data && chown node /data
USER node
CMD ["npm", "run", "start", "-w", "@bazaar/server"]
