# Production-like image of the Bazaar server (used by docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --if-present
EXPOSE 3000
RUN mkdir -p /data && chown node /data
USER node
CMD ["npm", "start"]
