#!/bin/sh
# Makes the image's start-up cache in the build, with the exact runtime and jar that ship, from a
# training run against a real PostgreSQL started here for it (docker/TrainingServer.java, on the
# laptop jar's embedded binaries), stopped at the end. Run by the Dockerfile's build stage.
#   The run: ping, migrate (the packaged migrations, through Flyway), migrate again (the no-op that
#   most deploys are, which tasks/migrations/NothingPending answers without Flyway), info. Over a
#   SCRAM login, as RDS has it; with TRAIN_TLS=true over verified TLS too.
#   JRE 25+: an AOT cache (JEP 483/514): classes loaded and linked ahead of time.
#   JRE 17-24: a static AppCDS archive from the training run's class list. Static, not
#   -XX:ArchiveClassesAtExit: JDK 17's dynamic archive skips classes in old class-file versions,
#   and picocli's are Java 5 ones.
# The launcher (bin/db-runner) reads which one was made from startup.flags.
set -eu
runtime=/opt/db-runner/java/bin/java
wait_for() { # file, pattern: until the training PostgreSQL says it is up
    tries=0
    until grep -q "$2" "$1" 2> /dev/null; do
        tries=$((tries + 1))
        if [ "$tries" -gt 240 ]; then cat /build/pg.err >&2; echo "the training PostgreSQL did not start" >&2; exit 1; fi
        sleep 0.5
    done
}
if [ "${TRAIN_TLS:-false}" = "true" ]; then
    # Over verified TLS, with an RSA 2048 certificate for localhost as RDS's are RSA: the cache then
    # also holds the classes of a verify-full session (the handshake, the chain and host name
    # checks), which a run against RDS otherwise loads cold (bench/README.md: the no-op migrate's
    # figures both ways, and the sizes).
    keytool -genkeypair -alias server -keyalg RSA -keysize 2048 -dname CN=localhost \
        -ext SAN=dns:localhost,ip:127.0.0.1 -validity 2 -keystore /build/server.p12 -storetype PKCS12 \
        -storepass training -keypass training > /dev/null 2>&1
    mode=tls
    query="sslmode=verify-full&sslrootcert=/build/server.crt"
else
    # SCRAM without TLS: the login's classes (its SASLprep tables, PBKDF2) are in the cache, and
    # JSSE's are not (5 MB more, over the image's 80 MB: bench/README.md).
    mode=plain
    query="sslmode=disable"
fi
java -cp /build/laptop.jar /build/TrainingServer.java /build "$mode" > /build/pg.out 2> /build/pg.err &
keeper=$!
wait_for /build/pg.out "^port "
url="postgresql://postgres:training@localhost:$(sed -n 's/^port //p' /build/pg.out)/postgres?$query"
# The jar by the path the launcher gives it: the cache records its class path and is only used
# with the same one.
cd /opt/db-runner
if "$runtime" -XX:+PrintFlagsFinal -version 2> /dev/null | grep -q ' AOTCacheOutput '; then
    # The AOT cache holds no class that the old verifier links: picocli's Java 5 class files get
    # stack maps first (ImageClasses.java, which also drops the local variable tables), and the
    # build fails if any class is still left out for its class-file version.
    java /build/ImageClasses.java /opt/db-runner/runner.jar
    # Without the method profiles of JEP 515: they feed C2, which the image's runtime never uses
    # (C1 only), and would add about a megabyte to the cache.
    # Without the crypto warm-up (tls/CryptoWarmup; it starts only for a TLS connection, so this
    # matters with TRAIN_TLS=true): its classes made the cache 1.3 MB larger, and runs with them in
    # the cache measured no faster; at run time it loads them on its own thread.
    "$runtime" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:AOTCacheOutput=runner.aot \
        -Ddb-runner.crypto-warmup=false \
        -jar /opt/db-runner/runner.jar --database-url "$url" ping migrate migrate info > /build/train.log 2>&1 \
        || { cat /build/train.log >&2; exit 1; }
    test -s runner.aot
    if grep "Old class has been linked" /build/train.log >&2; then
        echo "classes of runner.jar were left out of the start-up cache for their old class-file version" >&2
        exit 1
    fi
    echo "-XX:AOTCache=/opt/db-runner/runner.aot" > startup.flags
else
    "$runtime" -XX:DumpLoadedClassList=/build/classlist -Ddb-runner.crypto-warmup=false \
        -jar /opt/db-runner/runner.jar --database-url "$url" ping migrate migrate info \
        > /build/train.log 2>&1 || { cat /build/train.log >&2; exit 1; }
    "$runtime" -Xshare:dump -XX:SharedClassListFile=/build/classlist -XX:SharedArchiveFile=runner.jsa \
        -cp /opt/db-runner/runner.jar > /dev/null
    echo "-XX:SharedArchiveFile=/opt/db-runner/runner.jsa" > startup.flags
fi
# The second migrate must have been the no-op NothingPending answers, or the cache lacks its classes.
grep -q "Flyway not started" /build/train.log \
    || { cat /build/train.log >&2; echo "the training's second migrate was not the no-op that NothingPending answers" >&2; exit 1; }
kill "$keeper"
wait "$keeper" || true
