# LivePet container image: build with the official Swift image, run on slim Debian.
#
#   docker build -t livepet .
#   docker run -d --name livepet -p 4000:4000 -v livepet-data:/data livepet
#
# What the runtime stage does is simulated by .ci/image-smoke.sh (no Docker engine runs
# in CI): it reads the runtime package list and ENV block below, so keep their layout.

# Same minor (and patch) version as the toolchain the project is developed and tested with.
ARG SWIFT_VERSION=6.3.1

# ---- build -----------------------------------------------------------------------------
FROM swift:${SWIFT_VERSION}-bookworm AS build

# The headers and pkg-config files of the C libraries LivePet links (the Swift image has
# most of them already; naming them keeps the build independent of that).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libcrypt-dev \
        libsqlite3-dev \
        libssl-dev \
        pkg-config \
        zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests

# --static-swift-stdlib: the Swift runtime and Foundation are linked in, so the runtime
# stage needs no Swift toolchain, only glibc, libstdc++, libgcc_s, libsqlite3, libcrypt, libssl3 and zlib.
RUN swift build -c release --static-swift-stdlib --product livepet \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/livepet" /out/livepet

# ---- runtime ---------------------------------------------------------------------------
FROM debian:bookworm-slim

# Exactly the shared libraries `ldd livepet` lists, besides libc6 (.ci/image-smoke.sh
# checks the two agree). Most are in the base image already; naming them documents the
# dependency and survives a slimmer base.
#
# DL3008 (pin apt versions) is ignored on purpose: the base tag pins the Debian release,
# and within a stable release Debian only ships security and bug fixes, removing the
# superseded version from the archive. Exact pins would make the image unbuildable after
# the next security update of any of these packages, and would keep the fix out.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libcrypt1 \
        libgcc-s1 \
        libsqlite3-0 \
        libssl3 \
        libstdc++6 \
        zlib1g \
 && rm -rf /var/lib/apt/lists/*

# An unprivileged system user with a fixed numeric id (so orchestrators can check it is
# not root, and so bind-mounted data folders can be chowned to it: 10001:10001).
RUN groupadd --system --gid 10001 livepet \
 && useradd --system --no-log-init --uid 10001 --gid livepet \
        --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin livepet \
 && mkdir -p /data /etc/livepet \
 && chown livepet:livepet /data

COPY --from=build /out/livepet /usr/local/bin/livepet
# The default message of the day. Replace it by mounting a file over this path
# (-v ./motd.txt:/etc/livepet/motd.txt:ro) or by setting LIVEPET_MOTD_TEXT.
COPY motd.txt /etc/livepet/motd.txt

# The database lives in the /data volume; everything else is a default of the binary
# (see `livepet --help`) and can be set with -e LIVEPET_...=...
ENV LIVEPET_DB=/data/livepet.sqlite \
    LIVEPET_MOTD=/etc/livepet/motd.txt

VOLUME ["/data"]
EXPOSE 4000
USER 10001:10001

# SIGTERM (docker stop) makes LivePet tell everyone, close connections and write a final
# checkpoint, then exit 0. Give it more than Docker's default 10 s on a huge world:
# docker stop -t 30.
STOPSIGNAL SIGTERM

# `livepet check` asks the server for its status over telnet's plaintext MSSP request and
# exits 0 only when it answered; it reads LIVEPET_PORT like the server, so no curl or nc.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["livepet", "check"]

ENTRYPOINT ["livepet"]
CMD ["serve"]
