# syntax=docker/dockerfile:1
# KIC image: build the island bundles once, run as the unprivileged "deno" user (uid 1993).
#   docker build -t registry.example.com/kic/kic:$(git rev-parse --short HEAD) .
ARG DENO_VERSION=2.9.6

# ---- build: dependencies, island bundles, type check -------------------------------------
FROM denoland/deno:${DENO_VERSION} AS build
ENV DENO_DIR=/deno-dir \
    DENO_NO_UPDATE_CHECK=1 \
    NO_COLOR=1
WORKDIR /app

# Dependencies first, so this layer is reused while only sources change. --frozen fails the
# build if deno.lock does not match deno.json.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
# Island bundles into _dist/ (a content-derived build id, identical on every replica), then
# type-check and pre-compile the server graph so the pod starts without network or bundling.
RUN deno task build \
 && deno check --frozen main.ts \
 && deno cache --frozen main.ts domain/odds_worker.ts

# ---- runtime ------------------------------------------------------------------------------
FROM denoland/deno:${DENO_VERSION}
ENV DENO_DIR=/deno-dir \
    DENO_NO_UPDATE_CHECK=1 \
    DENO_NO_PROMPT=1 \
    NO_COLOR=1 \
    KIC_MODE=production \
    PORT=8000 \
    METRICS_PORT=9464 \
    KIC_DATA_DIR=/var/lib/kic
WORKDIR /app

# Owned by root and only readable by the app user: the process cannot change its own code
# (k8s also mounts the root filesystem read-only; /tmp and /var/lib/kic are emptyDirs there).
COPY --from=build /deno-dir /deno-dir
COPY --from=build /app /app
RUN mkdir -p /var/lib/kic && chown deno:deno /var/lib/kic

USER deno
# 8000: the app (PORT). 9464: /metrics only (METRICS_PORT), for Prometheus, never routed by the
# ingress; k8s admits only the monitoring namespace to it (k8s/base/networkpolicy.yaml).
EXPOSE 8000 9464

# The image's entrypoint (tini + docker-entrypoint.sh) forwards SIGTERM to deno, which drains
# and exits within 10 s.
# -A on purpose: prom-client's process metrics read /proc/self/*, which Deno only allows with
# --allow-all (with --allow-read they silently report 0), and the npm database/redis/S3/SMTP
# clients read many environment variables. The container is the sandbox instead: non-root,
# read-only root filesystem, no capabilities (k8s/base/deployment.yaml).
# --cached-only/--frozen: never download or re-resolve anything at start.
# --max-old-space-size keeps the V8 heap (MiB) under the pod's 512Mi memory limit, so V8
# collects garbage before the kernel OOM-kills the pod.
CMD ["deno", "run", "-A", "--frozen", "--cached-only", "--v8-flags=--max-old-space-size=384", "main.ts"]
