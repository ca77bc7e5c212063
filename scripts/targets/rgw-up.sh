#!/usr/bin/env bash
# Brings up a throwaway single-node Ceph RADOS Gateway (Debian 12's Ceph 16.2): one mon, one
# memstore OSD, radosgw with the beast frontend, all on 127.0.0.1, no systemd, no mgr, all state
# under $TARGET_DIR. Then it creates an admin S3 user and prints one JSON line on stdout:
#   {"endpoint":"http://127.0.0.1:7480","admin_access_key":"...","admin_secret_key":"...","ceph_conf":".../ceph.conf",...}
# Progress, phase timings and RSS go to stderr. Stop with rgw-down.sh (same TARGET_DIR).
#
# Environment:
#   TARGET_DIR   state directory      (default ${TMPDIR:-/tmp}/scopecheck-rgw)
#   RGW_PORT     S3 endpoint port     (default 7480)
#   MON_PORT     mon msgr v2 port     (default 3300)     MON_V1_PORT (default MON_PORT+1)
#   OSD_PORT_MIN/OSD_PORT_MAX          range the OSD binds its 4 ports in (default 6800-7300)
#   OBJECTSTORE  memstore (default, RAM, 2 GiB cap) | bluestore (sparse 10 GiB file in TARGET_DIR)
#   RGW_ADMIN_ACCESS_KEY / RGW_ADMIN_SECRET_KEY   admin key pair (default: random)
#   RGW_ADMIN_UID   admin user id (default scopecheck-admin)
# Exit codes: 0 up; 3 a package is missing (run scripts/deps.sh --targets); 1 anything else
# (whatever had been started is stopped again; logs stay in $TARGET_DIR/log).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_NAME=rgw-up
# shellcheck source=scripts/targets/lib.sh
. "$HERE/lib.sh"

TARGET_DIR=${TARGET_DIR:-${TMPDIR:-/tmp}/scopecheck-rgw}
RGW_PORT=${RGW_PORT:-7480}
MON_PORT=${MON_PORT:-3300}
MON_V1_PORT=${MON_V1_PORT:-$((MON_PORT + 1))}
OSD_PORT_MIN=${OSD_PORT_MIN:-6800}
OSD_PORT_MAX=${OSD_PORT_MAX:-7300}
OBJECTSTORE=${OBJECTSTORE:-memstore}
ADMIN_UID=${RGW_ADMIN_UID:-scopecheck-admin}
ADMIN_AK=${RGW_ADMIN_ACCESS_KEY:-SC$(sc_rand_hex 9 | tr a-f A-F)}
ADMIN_SK=${RGW_ADMIN_SECRET_KEY:-$(sc_rand_hex 20)}
SC_T0=$(sc_now)

sc_require ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw radosgw-admin:radosgw \
  ceph:ceph-common ceph-authtool:ceph-common monmaptool:ceph-common uuidgen:uuid-runtime \
  curl:curl /usr/bin/python3:python3 ss:iproute2 ps:procps
case "$OBJECTSTORE" in memstore|bluestore) ;; *) sc_die 1 "OBJECTSTORE must be memstore or bluestore";; esac
sc_require_ports_free "$RGW_PORT" "$MON_PORT" "$MON_V1_PORT"
sc_prepare_dir
TARGET_DIR=$(cd "$TARGET_DIR" && pwd)
D=$TARGET_DIR
mkdir -p "$D/mon.a" "$D/osd.0" "$D/rgw.x" "$D/crash"

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$rc" != 0 ]; then
    sc_log "FAILED (exit $rc) after $(sc_elapsed)s; stopping what was started; logs in $D/log"
    FAST=1 TARGET_DIR=$D "$HERE/rgw-down.sh" >&2 || true
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export CEPH_CONF=$D/ceph.conf
FSID=$(uuidgen)
MON_ADDRS="[v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]"
cat > "$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon host = $MON_ADDRS
mon initial members = a
# Loopback only: without public/cluster addr the OSD binds the first non-loopback interface.
public addr = 127.0.0.1
cluster addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv4 = true
ms bind ipv6 = false
ms bind port min = $OSD_PORT_MIN
ms bind port max = $OSD_PORT_MAX
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
# One OSD: replication 1 and few PGs (RGW makes ~7 pools; 32 PGs each exceeds mon_max_pg_per_osd).
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
mon allow pool delete = true
mon warn on insecure global id reclaim allowed = false
# The mon warns below 30% free disk and stops itself below 5%; CI disks are often ~70% used.
mon data avail warn = 2
mon data avail crit = 1
# Default 1 s makes radosgw start and the first CreateBucket take seconds longer.
paxos propose interval = 0.1
run dir = $D/run
admin socket = $D/run/\$name.asok
pid file = $D/run/\$name.daemon-pid
log file = $D/log/\$name.log
crash dir = $D/crash
log to stderr = false
err to stderr = true
mon cluster log file = $D/log/cluster.log
[client]
# Only in [client]: in [global] it would override the mon's and the OSD's own keyrings.
keyring = $D/\$name.keyring
[mon.a]
mon data = $D/mon.a
[osd.0]
osd data = $D/osd.0
osd objectstore = $OBJECTSTORE
memstore device bytes = 2147483648
# bluestore only; do not set "bluestore block path" to \$osd_data/block (mkfs: ELOOP)
bluestore block create = true
bluestore block size = 10737418240
bluestore fsck on mkfs = false
osd memory target = 939524096
# rgw-down.sh stops the mon with the OSD: do not wait 5 s for a mon that is going away
osd mon shutdown timeout = 1
[client.rgw.x]
rgw data = $D/rgw.x
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw thread pool size = 64
rgw dns name = 127.0.0.1
EOF

# keys (every ceph/radosgw-admin call below is bounded by timeout: with a dead OSD they wait forever)
ceph-authtool --create-keyring "$D/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool --create-keyring "$D/client.admin.keyring" --gen-key -n client.admin \
  --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$D/mon.keyring" --import-keyring "$D/client.admin.keyring" >/dev/null

# mon
monmaptool --create --fsid "$FSID" --addv a "$MON_ADDRS" "$D/monmap" >/dev/null
ceph-mon --conf "$CEPH_CONF" --mkfs -i a --monmap "$D/monmap" --keyring "$D/mon.keyring" \
  > "$D/log/mon.a.mkfs.out" 2>&1 || { cat "$D/log/mon.a.mkfs.out" >&2; exit 1; }
start_daemon mon.a "$CEPH_CONF" "$D/log/mon.a.out" ceph-mon --conf "$CEPH_CONF" -f -i a
ok=0
for ((i = 0; i < 100; i++)); do
  sc_pid_alive "$D/run/mon.a.pid" || break
  if ceph --connect-timeout 2 mon stat >/dev/null 2>&1; then ok=1; break; fi
  sleep 0.2
done
[ $ok = 1 ] || { tail -20 "$D/log/mon.a.log" >&2 2>/dev/null; sc_die 1 "ceph-mon did not come up"; }
sc_phase "mon up"

# osd.0 (ceph-osd --mkfs --key does not write the keyring: write it ourselves)
OSD_UUID=$(uuidgen)
OSD_SECRET=$(ceph-authtool --gen-print-key)
printf '{"cephx_secret": "%s"}\n' "$OSD_SECRET" > "$D/osd.0/new.json"
OSD_ID=$(timeout 60 ceph osd new "$OSD_UUID" -i "$D/osd.0/new.json")
[ "$OSD_ID" = 0 ] || sc_die 1 "unexpected OSD id '$OSD_ID'"
rm -f "$D/osd.0/new.json"
ceph-authtool --create-keyring "$D/osd.0/keyring" --name osd.0 --add-key "$OSD_SECRET" >/dev/null
ceph-osd --conf "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" > "$D/log/osd.0.mkfs.out" 2>&1 \
  || { tail -20 "$D/log/osd.0.mkfs.out" >&2; sc_die 1 "ceph-osd --mkfs failed"; }
sc_phase "osd mkfs ($OBJECTSTORE)"
start_daemon osd.0 "$CEPH_CONF" "$D/log/osd.0.out" ceph-osd --conf "$CEPH_CONF" -f -i 0
ok=0
for ((i = 0; i < 150; i++)); do
  sc_pid_alive "$D/run/osd.0.pid" || break
  dump=$(timeout 10 ceph osd dump 2>/dev/null || true)
  if grep -q '^osd\.0 up' <<< "$dump"; then ok=1; break; fi
  sleep 0.2
done
[ $ok = 1 ] || { tail -20 "$D/log/osd.0.log" >&2 2>/dev/null; sc_die 1 "ceph-osd did not come up"; }
sc_phase "osd up"

# radosgw
timeout 60 ceph auth get-or-create client.rgw.x mon 'allow rw' osd 'allow rwx' mgr 'allow rw' > "$D/client.rgw.x.keyring"
start_daemon rgw.x "$CEPH_CONF" "$D/log/rgw.x.out" radosgw --conf "$CEPH_CONF" -f -n client.rgw.x
if ! sc_wait_http "http://127.0.0.1:$RGW_PORT/" 60 rgw.x; then
  tail -20 "$D/log/client.rgw.x.log" >&2 2>/dev/null
  sc_die 1 "radosgw did not answer on 127.0.0.1:$RGW_PORT"
fi
sc_phase "rgw answering"

# admin S3 user: usable with the admin ops API (/admin/...) and with radosgw-admin --conf
timeout 120 radosgw-admin --conf "$CEPH_CONF" user create --uid="$ADMIN_UID" --display-name="scopecheck admin" \
  --access-key="$ADMIN_AK" --secret-key="$ADMIN_SK" --caps="users=*;buckets=*;metadata=*;usage=*" \
  > "$D/log/admin-user.json" 2>"$D/log/admin-user.err" \
  || { cat "$D/log/admin-user.err" >&2; sc_die 1 "radosgw-admin user create failed"; }
sc_phase "admin user created"

sc_check_loopback mon.a osd.0 rgw.x || sc_die 1 "a daemon listens beyond 127.0.0.1"
RSS=$(sc_rss_report mon.a osd.0 rgw.x)
sc_log "ready in $(sc_elapsed)s, RSS $RSS MiB total; CEPH_CONF=$CEPH_CONF"

JSON=$(sc_json endpoint "http://127.0.0.1:$RGW_PORT" admin_access_key "$ADMIN_AK" admin_secret_key "$ADMIN_SK" \
  ceph_conf "$CEPH_CONF" admin_uid "$ADMIN_UID" target_dir "$D" region us-east-1)
echo "$JSON" > "$D/target.json"
echo "$JSON"
