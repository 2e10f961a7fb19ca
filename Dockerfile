# One image build for the three services: docker build --build-arg SERVICE=intake-service -t tributary/intake-service .
# (docker compose and the Kubernetes manifests use the same arguments and names.)
# Stage 1 builds the service's Spring Boot jar with the Maven wrapper; stage 2 splits it into Boot's
# layers (dependencies change rarely, the application often, so rebuilds reuse the lower layers);
# stage 3 is a JRE-only image running as a non-root user, with a class data sharing archive of the
# classes a start-up loads.
ARG JAVA_VERSION=17

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
ARG SERVICE
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common-events/ common-events/
COPY service-kit/ service-kit/
COPY embedded-infra/ embedded-infra/
COPY intake-service/ intake-service/
COPY agent-processor-service/ agent-processor-service/
COPY notification-service/ notification-service/
COPY local-stack/ local-stack/
COPY benchmarks/ benchmarks/
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${SERVICE}" && ./mvnw -q -pl "${SERVICE}" -am package -DskipTests \
    && cp "${SERVICE}"/target/"${SERVICE}"-*.jar /workspace/app.jar

FROM eclipse-temurin:${JAVA_VERSION}-jre AS layers
WORKDIR /layers
COPY --from=build /workspace/app.jar app.jar
# Not --launcher: app.jar and its libraries stay plain jars on the class path (app.jar's manifest lists
# lib/), whose classes a class data sharing archive can hold; those Boot's launcher reads from nested
# jars it cannot.
RUN java -Djarmode=tools -jar app.jar extract --layers --application-filename app.jar --destination extracted

FROM eclipse-temurin:${JAVA_VERSION}-jre
ARG SERVICE
RUN groupadd --system --gid 10001 tributary && useradd --system --uid 10001 --gid tributary --no-create-home tributary
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# Container-aware heap (a share of the memory limit, not of the node), fail fast on OOM so the
# orchestrator restarts the pod, and a writable tmp dir that can be an emptyDir under a read-only root.
# The JDK keeps, per thread and forever, a direct buffer as large as the largest socket read it made
# (Kafka fetches are up to 2 MB, 8 MB when this was measured): capped at 256 KB, notification-service
# held 4 MB of them, not 24 MB.
# spring.aot.enabled runs the bean definitions the build generated (Spring AOT): the context starts
# without parsing configuration classes or evaluating conditions (each service ready about 0.5 s sooner,
# docs/BENCHMARKS.md). Conditions are therefore fixed at build time; the services read every deployment
# setting when they start instead.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djdk.nio.maxCachedBufferSize=262144 -Dspring.aot.enabled=true"
ENV SERVICE=${SERVICE}
# Class data sharing (Spring Boot's CDS recipe): a training start records the classes it loads into
# /app/app.jsa, which every start then maps instead of reading and verifying those classes again (with
# it each service was ready in 5.2-7.6 s instead of 9.3-11.9 s on 2 cores, docs/BENCHMARKS.md). The
# training exits once the context is refreshed, before the Kafka listeners start; no broker or Redis is
# reachable in a build, so Kafka admin calls are given up after 2 s instead of 30. A context that cannot
# be refreshed fails the build. A JRE without its base archive gets one first (the dynamic archive
# extends it, and cannot be written without it). A start whose class path differs from the training's
# ignores the archive silently, hence /app/app.jar in both places; so does a JVM that finds no archive,
# so an image without one still runs, only slower.
RUN if test -f "$JAVA_HOME/lib/server/classes.jsa" || java -Xshare:dump > /dev/null; then \
      java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh \
           -Dspring.kafka.admin.operation-timeout=2s -Dspring.kafka.admin.close-timeout=1s \
           -jar /app/app.jar > /tmp/cds-training.log 2>&1 \
        || { tail -60 /tmp/cds-training.log; echo "The ${SERVICE} context did not start" >&2; exit 1; }; \
    fi; \
    test -f /app/app.jsa || { tail -20 /tmp/cds-training.log 2>/dev/null; \
      echo "WARNING: no class data sharing archive was written; ${SERVICE} will start without one" >&2; }; \
    rm -rf /tmp/*
USER 10001:10001
# Boot shuts down gracefully on SIGTERM (server.shutdown=graceful, 20 s per phase).
STOPSIGNAL SIGTERM
EXPOSE 8080 8081 8082
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]
