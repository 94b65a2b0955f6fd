# syntax=docker/dockerfile:1
# The images of the four services, built from the sources: nothing but Docker is needed on the host.
# One build stage compiles and packages the service modules; each service is then a target of its own,
# a JRE image with that service's layered jar. docker compose builds all four (docker-compose.yml);
# one by hand, from the repository root:
#   docker build --target link-manager -t clusterlink/link-manager:0.1.0-SNAPSHOT .
# Targets: link-manager, mirror-worker, offset-sync, acl-sync.
# Configuration comes only from the environment (see each service's application.yml and the README).

# 1. Build: ./mvnw packages the services (and the modules they need), tests skipped: the CI runs them.
# The Maven repository is a BuildKit cache mount, so a rebuild after a code change downloads nothing.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests \
      -pl link-manager-service,mirror-worker-service,offset-sync-service,acl-sync-service -am package
# Unpack each Spring Boot jar into its layers: dependencies change least, the application most, so an
# image rebuilt after a code change shares every layer but the last with the previous one.
ARG VERSION=0.1.0-SNAPSHOT
RUN for service in link-manager mirror-worker offset-sync acl-sync; do \
      java -Djarmode=tools -jar "$service-service/target/$service-service-$VERSION.jar" \
        extract --layers --launcher --destination "/layers/$service" || exit 1; \
    done

# 2. What every service image has in common. The Ubuntu-based JRE on purpose: the compose health checks
# speak HTTP through bash's /dev/tcp, as newer Temurin images no longer ship curl.
FROM eclipse-temurin:21-jre AS runtime
RUN groupadd --gid 10001 clusterlink \
 && useradd --uid 10001 --gid clusterlink --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin clusterlink
WORKDIR /application
# A numeric non-root user, so that Kubernetes' runAsNonRoot can verify it. The application writes only to /tmp.
USER 10001:10001
# Tunables: heap as a share of the container's memory limit; replace JDK_JAVA_OPTIONS to change them.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
# Kafka config providers stay off in every JVM of the suite (CVE-2024-31141): on the command line, so
# that no environment variable can drop the flag.
ENTRYPOINT ["java", "-Dorg.apache.kafka.automatic.config.providers=none", "org.springframework.boot.loader.launch.JarLauncher"]

# 3. One target per service.

# The link manager (the REST control plane).
FROM runtime AS link-manager
COPY --from=build /layers/link-manager/dependencies/ ./
COPY --from=build /layers/link-manager/spring-boot-loader/ ./
COPY --from=build /layers/link-manager/snapshot-dependencies/ ./
COPY --from=build /layers/link-manager/application/ ./
EXPOSE 8080

# The mirror worker (copies mirror topics; run one or more).
FROM runtime AS mirror-worker
COPY --from=build /layers/mirror-worker/dependencies/ ./
COPY --from=build /layers/mirror-worker/spring-boot-loader/ ./
COPY --from=build /layers/mirror-worker/snapshot-dependencies/ ./
COPY --from=build /layers/mirror-worker/application/ ./
EXPOSE 8081

# The offset sync service (consumer-group offset sync; run one or more).
FROM runtime AS offset-sync
COPY --from=build /layers/offset-sync/dependencies/ ./
COPY --from=build /layers/offset-sync/spring-boot-loader/ ./
COPY --from=build /layers/offset-sync/snapshot-dependencies/ ./
COPY --from=build /layers/offset-sync/application/ ./
EXPOSE 8082

# The ACL sync service (run one or more).
FROM runtime AS acl-sync
COPY --from=build /layers/acl-sync/dependencies/ ./
COPY --from=build /layers/acl-sync/spring-boot-loader/ ./
COPY --from=build /layers/acl-sync/snapshot-dependencies/ ./
COPY --from=build /layers/acl-sync/application/ ./
EXPOSE 8083
