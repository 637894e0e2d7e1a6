# syntax=docker/dockerfile:1
#
# Credential Broker container image.
#
#   docker build -t credential-broker:0.1.0-SNAPSHOT .
#
# Stage 1 builds the Spring Boot jar with the Maven wrapper on a full JDK and
# explodes it into Spring Boot layers; stage 2 is a JRE-only distroless image
# (no shell, no package manager) running as a fixed non-root UID.
# For reproducible builds pin both base images by digest (image:tag@sha256:...).

ARG BUILD_IMAGE=eclipse-temurin:17-jdk-noble
ARG RUNTIME_IMAGE=gcr.io/distroless/java17-debian12:nonroot

############################ build ############################
FROM ${BUILD_IMAGE} AS build
WORKDIR /workspace

# Maven wrapper + POM first: the dependency layer below is rebuilt only when
# these change, not on every source edit.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src/ src/
# Build, then explode the jar into Spring Boot layers (Boot 4 "tools" jarmode):
# app.jar plus lib/, started with java -jar (no launcher: class-data sharing
# below needs a plain class path of jars).
# A layer without content may not be created, but every COPY below needs its
# directory, hence the mkdir; rootfs/data becomes the app-owned /app/data.
RUN ./mvnw -B -DskipTests package \
    && cp target/credential-broker-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --destination extracted \
    && mkdir -p extracted/dependencies extracted/spring-boot-loader \
                extracted/snapshot-dependencies extracted/application \
                rootfs/data

############################ runtime ############################
FROM ${RUNTIME_IMAGE}

LABEL org.opencontainers.image.title="credential-broker" \
      org.opencontainers.image.description="Vends short-lived AWS credentials over the ECS container-credentials HTTP contract" \
      org.opencontainers.image.version="0.1.0-SNAPSHOT"

# The distroless "nonroot" base runs as 65532: switch to root so that /app, the
# application files and the class-data archive below are owned by root (read-only
# for the app) whatever the builder does with WORKDIR ownership.
USER 0:0
WORKDIR /app

# Least- to most-frequently changing layers. Files are owned by root and so
# read-only for the app; only /app/data (and /tmp) are written at runtime.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
COPY --from=build --chown=65532:65532 /workspace/rootfs/ /app/

# Class-data sharing: a training run, in this image because an archive is only
# valid for the JVM that wrote it, starts the broker, exits once it is ready
# (after the start-up warm-up of the miss path, whose requests load Tomcat's
# request path, the endpoint and the AWS SDK's client) and writes app.jsa; starts
# that map it take about half as long (bench/run.sh, docs/PERFORMANCE.md). The
# run uses an in-memory database and a throwaway all-zero key, and runs as root
# with /tmp on a tmpfs mount (Tomcat's work folders, the throwaway data dir), so
# nothing but the root-owned archive is left in the image. Same JVM flags as the
# ENTRYPOINT (an archive is refused when they disagree).
RUN --mount=type=tmpfs,target=/tmp ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-Xms64m", "-XX:-ShrinkHeapInSteps", "-XX:MaxNewSize=32m", "-Xss512k", \
     "-XX:ArchiveClassesAtExit=app.jsa", "-jar", "app.jar", \
     "--credbroker.exit-when-ready=true", "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:cds-training", \
     "--credbroker.data-dir=/tmp/cds-training", \
     "--credbroker.master.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]

# distroless "nonroot" user: fixed UID/GID 65532 (the Helm chart uses the same).
# It cannot write /app: only /app/data (owned by it) and /tmp.
USER 65532:65532

# Embedded H2 database + auto-generated master.key (default store only; with
# PostgreSQL set SPRING_DATASOURCE_URL and CREDBROKER_MASTER_KEY instead).
# In a container the broker listens on all interfaces (its default is loopback only).
ENV CREDBROKER_DATA_DIR=/app/data \
    SERVER_ADDRESS=0.0.0.0
VOLUME /app/data

# server.port (plain HTTP by default; same port serves HTTPS when the
# SSL bundle is configured).
EXPOSE 8080

# No HEALTHCHECK: the distroless image has no shell, curl or wget to run one.
# Orchestrators should probe /actuator/health/liveness and
# /actuator/health/readiness over HTTP (the Helm chart does).

# Container-aware heap sizing: at most half the memory limit, because the JVM
# around the heap (class-data archive, metaspace, JIT code, threads) takes about
# 200 MB (bench/run.sh); with 75 % a 768 MiB limit could be exceeded once the heap
# has grown. Exit (and let the orchestrator restart us) on OOM.
# Extra flags can be passed through JAVA_TOOL_OPTIONS.
# Serial GC: the broker's heap is small and, on the 1-2 cores a broker pod gets, it beat G1 in bench/run.sh.
# MALLOC_ARENA_MAX keeps glibc from reserving an arena per thread, and
# TrimNativeHeapInterval has the JVM hand memory that glibc keeps after free() (the
# JIT compiler's arenas after a burst: about 20 MB) back to the OS every 5 s.
# The heap starts at 64 MB (the live set once ready is about 30 MB). A burst of new
# workloads grows it (about 80 KB per request waiting for STS); once the burst is
# over the broker runs one full collection that gives the heap back
# (credbroker.endpoint.release-heap-after-burst), and -XX:-ShrinkHeapInSteps lets
# that one collection shrink the heap at once instead of in steps over four.
ENV MALLOC_ARENA_MAX=2
# -Xshare:auto (the default): should the archive not match, the JVM starts without it.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-Xms64m", "-XX:-ShrinkHeapInSteps", "-XX:MaxNewSize=32m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:TrimNativeHeapInterval=5000", "-Djava.io.tmpdir=/tmp", "-XX:SharedArchiveFile=app.jsa", "-jar", "app.jar"]
