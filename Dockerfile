# The runtime image: `docker run IMAGE migrate` runs `java -jar runner.jar migrate`.
# Build the jar first: mvn package && docker build -t db-runner .
#
# BASE_IMAGE is any JRE 17+ image whose JDK build is the one the CDS archive is made with below
# (it is made here, so that always holds). It must have useradd.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

# Flags shared by the training run and the entrypoint: C1 only and the serial GC start fastest
# for a short-lived, single-threaded job, and the archive is only used with matching settings.
ENV JAVA_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75"

WORKDIR /opt/db-runner
COPY docker/rds-global-bundle.pem /opt/db-runner/rds-global-bundle.pem
COPY target/runner.jar /opt/db-runner/runner.jar

# AppCDS: a training run on a throwaway embedded PostgreSQL loads what a real run loads
# (picocli, pgjdbc, HikariCP, Flyway, Logback); its class list becomes a static archive that
# every later start maps instead of parsing and verifying those classes again. Static, not
# -XX:ArchiveClassesAtExit: JDK 17's dynamic archive skips classes in old class-file versions,
# and picocli's are Java 5 ones.
RUN java $JAVA_FLAGS -XX:DumpLoadedClassList=/tmp/runner.classlist \
        -jar /opt/db-runner/runner.jar --local migrate info > /dev/null \
    && java $JAVA_FLAGS -Xshare:dump -XX:SharedClassListFile=/tmp/runner.classlist \
        -XX:SharedArchiveFile=/opt/db-runner/runner.jsa -cp /opt/db-runner/runner.jar > /dev/null \
    && rm -rf /tmp/runner.classlist /tmp/embedded-pg* \
    && useradd --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin runner

# verify-full against RDS with no flags: the runner uses this bundle by default.
ENV PGSSLROOTCERT=/opt/db-runner/rds-global-bundle.pem
USER 10001
ENTRYPOINT ["sh", "-c", "exec java $JAVA_FLAGS -XX:SharedArchiveFile=/opt/db-runner/runner.jsa -jar /opt/db-runner/runner.jar \"$@\"", "runner"]
