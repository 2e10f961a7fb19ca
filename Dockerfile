# One image build for the three services: docker build --build-arg SERVICE=intake-service -t tributary/intake-service .
# (docker compose and the Kubernetes manifests use the same arguments and names.)
# Stage 1 builds the service's Spring Boot jar with the Maven wrapper; stage 2 splits it into Boot's
# layers (dependencies change rarely, the application often, so rebuilds reuse the lower layers);
# stage 3 is a JRE-only image running as a non-root user.
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
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:${JAVA_VERSION}-jre
ARG SERVICE
RUN groupadd --system --gid 10001 tributary && useradd --system --uid 10001 --gid tributary --no-create-home tributary
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
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
# Boot shuts down gracefully on SIGTERM (server.shutdown=graceful, 20 s per phase).
STOPSIGNAL SIGTERM
EXPOSE 8080 8081 8082
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
