#!/usr/bin/env bash
# Follows the README's "Getting started" as a new user would, end to end:
#   1. installs the libraries (core, starter, snowcloud-test) and builds a delegator,
#   2. makes a fresh Spring Boot 4 application from the README's snippets,
#   3. builds it, which runs its test (@AutoConfigureSnowflakeGenerator),
#   4. starts the delegator and the application and fetches a first ID.
# Everything goes to a temporary directory: the artifacts are installed into a temporary
# local Maven repository, never into ~/.m2, which other builds on this machine share.
# Third-party artifacts are copied from ~/.m2 (read as a file:// remote, releases only, so
# no Snowcloud SNAPSHOT is ever taken from it), and downloaded only if missing there.
#
#   docs/getting-started/verify.sh           # KEEP=1 keeps the temporary directory
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
README=$ROOT/README.md
WORK=$(mktemp -d "${TMPDIR:-/tmp}/snowcloud-getting-started.XXXXXX")
REPO=$WORK/repo
APP=$WORK/app
API_KEY=getting-started-key
START_TIMEOUT=${START_TIMEOUT:-180}
PIDS=()
START=$SECONDS

log() { printf '[getting-started %3ds] %s\n' $((SECONDS - START)) "$*"; }
fail() { log "FAILED: $*"; exit 1; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The fenced block that follows "<!-- getting-started: NAME -->" in the README.
snippet() {
    awk -v marker="<!-- getting-started: $1 -->" '
        $0 == marker { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }
    ' "$README"
}

free_port() {   # below Linux's ephemeral range (32768-60999), where outgoing connections bind
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port found"
}

wait_for() {   # wait_for NAME URL PID LOG
    local deadline=$((SECONDS + START_TIMEOUT))
    until curl -fsS --max-time 5 "$2" >/dev/null 2>&1; do
        kill -0 "$3" 2>/dev/null || { tail -40 "$4"; fail "$1 exited before answering $2"; }
        ((SECONDS < deadline)) || { tail -40 "$4"; fail "$1 did not answer $2 within ${START_TIMEOUT}s"; }
        sleep 1
    done
}

cat >"$WORK/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>shared-cache</id>
      <repositories>
        <repository>
          <id>shared-m2</id>
          <url>file://$HOME/.m2/repository</url>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>shared-m2</id>
          <url>file://$HOME/.m2/repository</url>
          <snapshots><enabled>false</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>shared-cache</activeProfile>
  </activeProfiles>
</settings>
EOF
MVN=("$ROOT/mvnw" -B -q -s "$WORK/settings.xml" -Dmaven.repo.local="$REPO")

log "1. installing the libraries into $REPO and building a delegator"
# The README's two commands in one reactor (sources/Javadoc jars skipped: no one reads them here).
(cd "$ROOT" && "${MVN[@]}" -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    install -pl generator-starter,snowcloud-test,delegator-service -am)
DELEGATOR_JAR=$ROOT/delegator-service/target/snowcloud-delegator-0.1.0-SNAPSHOT.jar
[[ -f $DELEGATOR_JAR ]] || fail "no $DELEGATOR_JAR"

log "2. making a fresh application in $APP from the README's snippets"
# What start.spring.io hands out, trimmed: the parent, an application class, the build plugin.
BOOT_VERSION=$(sed -n '/<artifactId>spring-boot-starter-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}' "$ROOT/pom.xml")
mkdir -p "$APP/src/main/java/com/example/orders" "$APP/src/main/resources" "$APP/src/test/java/com/example/orders"
DEPENDENCIES=$(snippet dependencies)
[[ -n $DEPENDENCIES ]] || fail "README has no dependencies snippet"
cat >"$APP/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>$BOOT_VERSION</version>
        <relativePath/>
    </parent>
    <groupId>com.example</groupId>
    <artifactId>orders</artifactId>
    <version>0.0.1-SNAPSHOT</version>
    <properties>
        <java.version>17</java.version>
    </properties>
    <dependencies>
$DEPENDENCIES
    </dependencies>
    <build>
        <plugins>
            <plugin>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-maven-plugin</artifactId>
            </plugin>
        </plugins>
    </build>
</project>
EOF
cat >"$APP/src/main/java/com/example/orders/OrdersApplication.java" <<'EOF'
package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

}
EOF
for file in src/main/resources/application.yml \
        src/main/java/com/example/orders/OrderNumberController.java \
        src/test/java/com/example/orders/OrderNumberControllerTests.java; do
    snippet "$file" >"$APP/$file"
    [[ -s $APP/$file ]] || fail "README has no snippet for $file"
done
APP_PORT_IN_README=$(sed -n 's/^ *port: *\([0-9]*\).*/\1/p' "$APP/src/main/resources/application.yml")
[[ $APP_PORT_IN_README != 8080 ]] || fail "the README's application runs on 8080, the delegator's port"

log "3. building the application, which runs its test"
"${MVN[@]}" -f "$APP/pom.xml" package >"$WORK/app-build.log" 2>&1 || { tail -60 "$WORK/app-build.log"; fail "the build failed"; }
grep -q 'tests="1"' "$APP"/target/surefire-reports/TEST-com.example.orders.OrderNumberControllerTests.xml \
    || fail "the application's test did not run"
grep -q 'failures="0"' "$APP"/target/surefire-reports/TEST-com.example.orders.OrderNumberControllerTests.xml \
    || fail "the application's test failed"

log "4. starting a delegator and the application (on free ports, beside whatever else runs here)"
DELEGATOR_PORT=$(free_port)
java -jar "$DELEGATOR_JAR" --server.port="$DELEGATOR_PORT" \
    --snowcloud.delegator.store=memory --snowcloud.delegator.memory.data-dir="$WORK/delegator-data" \
    --snowcloud.delegator.api-keys="$API_KEY" >"$WORK/delegator.log" 2>&1 &
PIDS+=($!)
wait_for delegator "http://127.0.0.1:$DELEGATOR_PORT/actuator/health" "${PIDS[-1]}" "$WORK/delegator.log"

APP_PORT=$(free_port)
SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY java -jar "$APP/target/orders-0.0.1-SNAPSHOT.jar" \
    --server.port="$APP_PORT" --snowcloud.generator.delegator.urls="http://127.0.0.1:$DELEGATOR_PORT" \
    >"$WORK/app.log" 2>&1 &
PIDS+=($!)
wait_for application "http://127.0.0.1:$APP_PORT/order-numbers" "${PIDS[-1]}" "$WORK/app.log"

ID=$(curl -fsS "http://127.0.0.1:$APP_PORT/order-numbers")
[[ $ID =~ ^[0-9]+$ ]] || fail "the first ID is not a number: $ID"
WORKERS=$(curl -fsS -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$DELEGATOR_PORT/workers")
[[ $WORKERS == *'"leased":1'* ]] || fail "the delegator does not show one lease: $WORKERS"
log "first ID $ID, under a worker ID leased from the delegator; getting started takes $((SECONDS - START)) s here"
