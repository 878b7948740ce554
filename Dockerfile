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
# MaxRAMPercentage: the heap follows the container's memory limit (the chart sets one). Half of it:
# the rest is the JVM's own memory (metaspace, code cache, threads, the collector's tables).
# UseSerialGC: what the JVM picks by itself under the chart's one-CPU limit, named so that raising
# the CPU limit does not switch to G1, whose tables cost about 50 MiB more at this heap size
# (measured with bench/run-operator.sh at 2,000 namespaces, docs/benchmarks.md).
# ExitOnOutOfMemoryError: a broken JVM restarts instead of limping on.
ENTRYPOINT ["/usr/bin/java", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/rempart.jar"]
CMD ["--help"]
