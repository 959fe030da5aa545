# The runtime image: `docker run IMAGE migrate` runs `java -jar runner.jar migrate`.
# Build the jar first: mvn package && docker build -t db-runner .
#
# BASE_IMAGE is any JRE 17+ image with useradd. The default is the current LTS, 25, for its AOT
# cache (below); the jar itself targets Java 17.
ARG BASE_IMAGE=eclipse-temurin:25-jre
FROM ${BASE_IMAGE}

# Flags shared by the training run and the entrypoint: C1 only and the serial GC start fastest
# for a short-lived, single-threaded job, and the archive is only used with matching settings.
ENV JAVA_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75"

WORKDIR /opt/db-runner
COPY docker/rds-global-bundle.pem /opt/db-runner/rds-global-bundle.pem
COPY target/runner.jar /opt/db-runner/runner.jar
COPY --chmod=755 docker/db-runner /opt/db-runner/bin/db-runner

# Start-up cache, from a training run on a throwaway embedded PostgreSQL that loads what a real
# run loads (picocli, pgjdbc, HikariCP, Flyway, Logback):
# - JRE 25+: an AOT cache (JEP 483/514), classes loaded and linked ahead of time; a no-op migrate
#   starts about a quarter faster than with the CDS archive below.
# - JRE 17-24: a static AppCDS archive from the training run's class list. Static, not
#   -XX:ArchiveClassesAtExit: JDK 17's dynamic archive skips classes in old class-file versions,
#   and picocli's are Java 5 ones.
# The entrypoint reads which one was made from startup.flags.
RUN set -e; cd /opt/db-runner; \
    if java -XX:+PrintFlagsFinal -version 2> /dev/null | grep -q ' AOTCacheOutput '; then \
        java $JAVA_FLAGS -XX:AOTCacheOutput=runner.aot -jar runner.jar --local migrate info > /dev/null 2>&1; \
        test -s runner.aot; \
        echo "-XX:AOTCache=/opt/db-runner/runner.aot" > startup.flags; \
    else \
        java $JAVA_FLAGS -XX:DumpLoadedClassList=/tmp/runner.classlist -jar runner.jar --local migrate info > /dev/null; \
        java $JAVA_FLAGS -Xshare:dump -XX:SharedClassListFile=/tmp/runner.classlist \
            -XX:SharedArchiveFile=runner.jsa -cp runner.jar > /dev/null; \
        echo "-XX:SharedArchiveFile=/opt/db-runner/runner.jsa" > startup.flags; \
    fi; \
    rm -rf /tmp/runner.classlist /tmp/embedded-pg*; \
    useradd --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin runner

# verify-full against RDS with no flags: the runner uses this bundle by default.
ENV PGSSLROOTCERT=/opt/db-runner/rds-global-bundle.pem
USER 10001
# The same launcher for `docker run IMAGE TASK` and for a CodeBuild project that runs in this image
# (buildspec.yml's direct mode).
ENTRYPOINT ["/opt/db-runner/bin/db-runner"]
