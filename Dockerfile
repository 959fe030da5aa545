# The image: `docker run IMAGE migrate` runs `java -jar runner.jar migrate`, as a non-root user,
# on a Java runtime made for the runner. Build the jars first, then the image:
#
#     mvn -B package && docker build -t db-runner .
#
# Every base is a build argument, so that a check without a registry can substitute local ones:
# BUILD_IMAGE   a JDK whose jlink can make the runtime: 24+ links from its own runtime, an older
#               one needs its jmods; also the JVM of the training run's PostgreSQL helper.
# RUNTIME_IMAGE any small Linux image with a shell (CodeBuild runs the buildspec's commands
#               through one); the runtime brings its own glibc when the base has none that fits.
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=busybox:1.37-glibc

FROM ${BUILD_IMAGE} AS build
# The JVM settings, built into the runtime (jlink --add-options), so that every java -jar in the
# image starts the same way: C1 only and the serial collector start fastest for a short-lived,
# single-threaded job, and the start-up cache is only used with the settings it was made with.
ARG JVM_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75"
COPY docker/jlink-modules docker/jlink-excludes.sh docker/train.sh docker/TrainingServer.java docker/ImageClasses.java /build/
COPY target/runner.jar /build/laptop.jar
COPY target/runner-image.jar /opt/db-runner/runner.jar
COPY docker/rds-global-bundle.pem /opt/db-runner/rds-global-bundle.pem
COPY --chmod=755 docker/db-runner /opt/db-runner/bin/db-runner
RUN set -e; \
    modules=$(grep -v -e '^#' -e '^$' /build/jlink-modules | paste -sd, -); \
    compress=zip-9; jlink --help 2>&1 | grep -q 'zip-\[0-9\]' || compress=2; \
    # What the runner never reaches of those modules (jlink-excludes.sh says what and why), and
    # files a run does not read: the SIMD sort library (C2 intrinsics; the image runs C1 only), the
    # class list of the JDK's default CDS archive (the image makes its own cache), jrt-fs.jar (the
    # jrt: file system for other JDKs' tools) and jexec (runs jars through binfmt_misc).
    jdk=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")"); \
    excludes=$(jimage list "$jdk/lib/modules" | sh /build/jlink-excludes.sh); \
    jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress="$compress" \
        --exclude-resources="$excludes" --exclude-files='**/libsimdsort.so,**/classlist,**/jrt-fs.jar,**/jexec' \
        --add-options="$JVM_OPTIONS" --output /opt/db-runner/java; \
    # The runtime's native symbols are for debuggers only (about 5 MB of libjvm.so).
    if command -v strip > /dev/null; then \
        find /opt/db-runner/java -name '*.so' -exec strip --strip-unneeded {} +; \
    fi; \
    # The glibc the runtime was linked against, for a base that has none or an older one.
    mkdir -p /build/glibc; \
    for lib in $(ldd /opt/db-runner/java/bin/java /opt/db-runner/java/lib/server/libjvm.so /opt/db-runner/java/lib/*.so \
            | awk '/=> \// {print $3} /^[ \t]+\// {print $1}' | sort -u); do \
        cp -L --parents "$lib" /build/glibc/; \
    done
# The cache is trained over a SCRAM login, as RDS has it. TRAIN_TLS=true trains it over a verified
# TLS session too: a run against such a database starts faster, and the image is about 5 MB
# larger, over the 80 MB budget (bench/README.md has both measured).
ARG TRAIN_TLS=false
RUN TRAIN_TLS="$TRAIN_TLS" sh /build/train.sh && rm -rf /tmp/embedded-pg* /tmp/hsperfdata_*

FROM ${RUNTIME_IMAGE}
COPY --from=build /opt/db-runner /opt/db-runner
# The base's own C library when the runtime starts on it; else the one it was built with, copied
# from the build stage through a mount, so that an image whose base has one does not carry two.
RUN --mount=type=bind,from=build,source=/build/glibc,target=/glibc \
    /opt/db-runner/java/bin/java -version > /dev/null 2>&1 || cp -a /glibc/. /; \
    /opt/db-runner/java/bin/java -version
# verify-full against RDS with no flags: the runner uses this bundle by default.
ENV PATH=/opt/db-runner/java/bin:$PATH \
    PGSSLROOTCERT=/opt/db-runner/rds-global-bundle.pem \
    HOME=/tmp
USER 10001:10001
ENTRYPOINT ["/opt/db-runner/bin/db-runner"]
