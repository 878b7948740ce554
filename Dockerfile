# syntax=docker/dockerfile:1
# The Rempart image: the operator (`operator ...`, as the Helm chart runs it) and the command line
# (`audit ...`) in one shaded jar. See docs/install.md.
#
#   docker build -t ghcr.io/rempart-dev/rempart:0.1.0 .

# --- build: the Maven build of the repository, tests left to CI ---------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper and the POMs first, so that the dependency layer is cached across source changes.
COPY mvnw pom.xml ./
COPY .mvn/wrapper/maven-wrapper.properties .mvn/wrapper/
COPY operator/pom.xml operator/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl operator dependency:go-offline
COPY operator/src/ operator/src/
# Tests and the formatter check run in CI, where the control-plane binaries and Helm are.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl operator package -DskipTests -Dspotless.check.skip=true \
 && cp operator/target/rempart.jar /rempart.jar

# --- runtime: a JRE and the jar, nothing else ----------------------------------------------------
# Distroless: no shell, no package manager; the :nonroot tag runs as user 65532, the user the
# chart's securityContext requires. The root filesystem can be read-only: the JVM writes to /tmp
# only (an emptyDir in the chart).
FROM gcr.io/distroless/java17-debian12:nonroot
LABEL org.opencontainers.image.title="rempart" \
      org.opencontainers.image.description="Turns a SaaS security addendum into Kubernetes cluster state" \
      org.opencontainers.image.source="https://github.com/rempart-dev/rempart"
COPY --from=build /rempart.jar /app/rempart.jar
USER 65532:65532
# The JVM options, chosen from bench/run-operator.sh at 2,000 namespaces under the chart's 512Mi
# limit (docs/benchmarks.md), which reads them from this ENTRYPOINT:
# - MaxRAMPercentage=50: the heap follows the container's memory limit, half of it; the rest is
#   the JVM's own memory (metaspace, code, threads). The initial heap is the JVM's default under
#   the limit (1/64 of it), so the heap grows with what the caches hold instead of starting full.
# - UseSerialGC: what the JVM picks by itself under the chart's one-CPU limit, named so that
#   raising the CPU limit does not switch to G1, whose tables cost about 50 MiB more.
# - NewRatio=3: a young generation of a quarter of the heap instead of a third; the operator's
#   garbage is short-lived (watch events, evaluation rounds), a smaller nursery is enough.
# - TieredStopAtLevel=1: the client compiler only. On one or two CPUs the optimising compiler's
#   work competed with the operator's own during a cold start (half the operator's CPU in the
#   measured convergence) and its code cache is larger. AES-GCM's intrinsics are the optimising
#   compiler's, so under this option the operator offers the API server ChaCha20-Poly1305 first
#   (CipherPreference: 210 MB/s against 55 MB/s for AES-GCM here).
# - Min/MaxHeapFreeRatio: the heap grows by less after a collection and is given back once a full
#   collection leaves more than 30 % of it free (the JVM's defaults are 40 % and 70 %).
# - TrimNativeHeapInterval=10000: every 10 s the C library's allocator gives back to the system
#   the native memory freed since (by a burst of watch events, say), which it otherwise keeps.
# - ExitOnOutOfMemoryError: a broken JVM restarts instead of limping on.
# MALLOC_ARENA_MAX=2: the C library's allocator keeps two arenas, not eight per core, for the JVM's
# native allocations (its threads would otherwise each reserve an arena of their own).
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["/usr/bin/java", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:NewRatio=3", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=10000", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/rempart.jar"]
CMD ["--help"]
