#!/usr/bin/env bash
# Builds the base images Snowcloud's containers need from Debian packages, for a machine
# that reaches Debian's mirror but no container registry:
#
#   snowcloud-local/jre:17          openjdk-17-jre-headless  (the Dockerfiles' JRE_IMAGE)
#   snowcloud-local/redis:7         redis-server             (compose's REDIS_IMAGE, the tests' Redis)
#   snowcloud-local/prometheus:2    prometheus               (compose's PROMETHEUS_IMAGE)
#   snowcloud-local/postgres:15     postgresql               (only when asked for: `postgres`)
#
#   deploy/local-images.sh                     # the first three; reuses what already exists
#   deploy/local-images.sh jre redis postgres  # just these
#   deploy/local-images.sh --rebuild redis     # build again even if present
#
# Each image is `mmdebstrap --variant=minbase` piped into `docker import`. An image whose
# recipe (this script's text for it) is unchanged is kept, so a second run costs seconds.
# deploy/local-images.env names the images for compose and the tests:
#
#   docker compose --env-file deploy/local-images.env up --build
#   set -a; . deploy/local-images.env; set +a; ./mvnw -B verify
#
# The stand-ins behave like the official images where Snowcloud relies on it: the Redis one
# turns protected mode off (Debian's redis-server keeps it on; the official image turns it
# off) and keeps its data in /data; the Prometheus one runs as user prometheus with its data
# in /prometheus (Debian's binary defaults to /var/lib/prometheus/metrics2) and has wget for
# the health check. SNOWCLOUD_DEBIAN_SUITE (bookworm) and SNOWCLOUD_DEBIAN_MIRROR
# (http://deb.debian.org/debian) choose where the packages come from.
set -euo pipefail

# copy-in hooks name their files relative to deploy/, so that the recipe hash does not depend
# on where the repository lies.
script=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$script")"
SUITE=${SNOWCLOUD_DEBIAN_SUITE:-bookworm}
MIRROR=${SNOWCLOUD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SNOWCLOUD_DEBIAN_SECURITY_MIRROR:-${MIRROR%/debian}/debian-security}
ARCH=$(dpkg --print-architecture)

rebuild=false
wanted=()
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=true ;;
        jre | redis | prometheus | postgres) wanted+=("$arg") ;;
        -h | --help) sed -n '2,/^set -euo/p' "$script" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "local-images.sh: unknown argument '$arg' (jre, redis, prometheus, postgres, --rebuild)" >&2; exit 2 ;;
    esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(jre redis prometheus)

for tool in docker mmdebstrap; do
    command -v "$tool" >/dev/null 2>&1 || { echo "local-images.sh: $tool is missing (Debian: apt-get install docker.io mmdebstrap)" >&2; exit 1; }
done
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
    || { echo "local-images.sh: no Docker engine answers${DOCKER_HOST:+ at $DOCKER_HOST}" >&2; exit 1; }

# Docs, man pages and translations are of no use in a container and are most of a JRE's size.
SLIM=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
      --dpkgopt='path-exclude=/usr/share/lintian/*'
      # openjdk's postinst links its man pages with update-alternatives, which fails without the directory.
      --essential-hook='mkdir -p "$1/usr/share/man/man1"')

# build TAG PACKAGES IMPORT-CHANGES... [-- CUSTOMIZE-HOOKS...]
# The image's comment starts with a hash of everything that goes into the image (the files that
# a copy-in hook copies included), so that an edited recipe replaces an image built from the
# old one and an unchanged one is reused.
build() {
    local tag=$1 packages=$2
    shift 2
    local changes=() hooks=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do changes+=(--change "$1"); shift; done
    if [ $# -gt 0 ]; then shift; for hook in "$@"; do hooks+=(--customize-hook="$hook"); done; fi

    local recipe
    recipe=$( (printf '%s\n' "$SUITE" "$MIRROR" "$ARCH" "$packages" "${SLIM[@]}" "${changes[@]}" "${hooks[@]}"
               for hook in "${hooks[@]}"; do
                   case "$hook" in --customize-hook=copy-in\ *) read -r _ file _ <<<"$hook"; cat "$file" ;; esac
               done) | sha256sum | cut -c1-16)
    local existing
    existing=$(docker image inspect --format '{{.Comment}}' "$tag" 2>/dev/null || true)
    if [ "${existing%% *}" = "recipe:$recipe" ] && [ "$rebuild" = false ]; then
        echo "local-images.sh: $tag is up to date ($(size "$tag"))"
        return
    fi

    echo "local-images.sh: building $tag from Debian $SUITE: $packages"
    local started=$SECONDS tar
    tar=$(mktemp --suffix=.tar)
    # The root file system goes to a file first: a failed mmdebstrap must not leave a half image.
    if ! mmdebstrap --quiet --variant=minbase --mode=auto --format=tar --include="$packages" "${SLIM[@]}" \
            "${hooks[@]}" "$SUITE" "$tar" \
            "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" "deb $SECURITY_MIRROR $SUITE-security main"; then
        rm -f "$tar"
        echo "local-images.sh: mmdebstrap failed for $tag" >&2
        return 1
    fi
    local previous id
    previous=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
    id=$(docker import "${changes[@]}" --message "recipe:$recipe deploy/local-images.sh, Debian $SUITE: $packages" "$tar")
    rm -f "$tar"
    docker tag "$id" "$tag"
    # The image this one replaces, unless a container still uses it.
    if [ -n "$previous" ] && [ "$previous" != "$id" ]; then
        docker image rm "$previous" >/dev/null 2>&1 || true
    fi
    echo "local-images.sh: built $tag in $((SECONDS - started)) s ($(size "$tag"))"
}

size() {
    docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'
}

JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$ARCH
BASE_ENV=("ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "ENV LANG=C.UTF-8")

for image in "${wanted[@]}"; do
    case "$image" in
        jre)
            # passwd: the Dockerfiles add their non-root user with groupadd/useradd.
            build snowcloud-local/jre:17 openjdk-17-jre-headless,passwd \
                "${BASE_ENV[@]}" "ENV JAVA_HOME=$JAVA_HOME" 'CMD ["bash"]'
            ;;
        redis)
            build snowcloud-local/redis:7 redis-server \
                "${BASE_ENV[@]}" 'WORKDIR /data' 'USER redis' 'EXPOSE 6379' \
                'ENTRYPOINT ["/usr/local/bin/redis-entrypoint.sh"]' 'CMD ["redis-server"]' \
                -- 'chroot "$1" install -d -o redis -g redis -m 0750 /data' \
                   "copy-in images/redis-entrypoint.sh /usr/local/bin"
            ;;
        prometheus)
            # wget: compose's health check, the same command as in the official (busybox) image.
            # The web UI's moment-timezone brings 216 MB of per-zone data that it never loads
            # (it uses moment-timezone-with-data.min.js): removed.
            build snowcloud-local/prometheus:2 prometheus,wget \
                "${BASE_ENV[@]}" 'WORKDIR /prometheus' 'USER prometheus' 'EXPOSE 9090' \
                'ENTRYPOINT ["/usr/bin/prometheus"]' \
                'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' \
                -- 'chroot "$1" install -d -o prometheus -g prometheus -m 0755 /prometheus' \
                   'rm -r "$1/usr/share/javascript/moment-timezone/data"'
            ;;
        postgres)
            # Started like the official image: deploy/images/postgres-entrypoint.sh.
            build snowcloud-local/postgres:15 postgresql \
                'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
                'ENV LANG=C.UTF-8' 'ENV PGDATA=/var/lib/postgresql/data' 'USER postgres' 'EXPOSE 5432' \
                'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]' 'CMD ["postgres"]' \
                -- 'chroot "$1" install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data' \
                   "copy-in images/postgres-entrypoint.sh /usr/local/bin"
            ;;
    esac
done
