# syntax=docker/dockerfile:1
# bulk-cancel as a container image. Build:  docker build -t bulk-cancel:1.0.0 .
# Run and deploy: docs/deploying.md. Options go after the image name (they reach the entrypoint as arguments):
#   docker run --rm -v bulk-cancel-data:/data -e FRONTPAYMENT_TOKEN bulk-cancel:1.0.0 \
#     --cancel.input=/data/in/reservations.csv --frontpayment.base-url=https://demo-api.frontpayment.no

# Build with the project's Maven wrapper on a JDK; the tests ran before the image is built (./mvnw verify).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package
# The jar's layers as directories (dependencies change least, the application most), each copied as its own image
# layer below, so a new build of the code alone ships only the small application layer.
RUN java -Djarmode=tools -jar target/bulk-cancel.jar extract --layers --launcher --destination extracted

# Run on a JRE as a non-root user; the job database and the files live on the /data volume.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 bulkcancel \
    && useradd --system --uid 10001 --gid bulkcancel --home-dir /data --no-create-home bulkcancel \
    && mkdir /data && chown bulkcancel:bulkcancel /data && chmod 0700 /data
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER 10001:10001
WORKDIR /data
VOLUME /data
# -XX:MaxRAMPercentage=75: the heap follows the container's memory limit (384 MiB of a 512 Mi limit) instead of
# the JVM's default quarter of it. No -XX:+ExitOnOutOfMemoryError: the JVM then exits with 3, which means
# "completed, some rows FAILED" here, and a scheduler would not retry it.
# -Duser.home=/data: the default job database (~/.bulk-cancel/jobs) is on the volume whatever user id runs the
# container (an id without a passwd entry, as Kubernetes' runAsUser may give, has no home otherwise).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Duser.home=/data", "-cp", "/app", \
    "org.springframework.boot.loader.launch.JarLauncher"]
CMD ["--help"]
