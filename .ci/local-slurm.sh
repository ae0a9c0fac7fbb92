#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the tests of `psrnn compare --executor slurm`.
#
#   .ci/local-slurm.sh start    install Debian's slurmctld, slurmd, slurm-client and munge where
#                               missing (needs root), start munged, slurmctld and slurmd and wait
#                               until the node takes jobs; prints the line that points clients at it
#   .ci/local-slurm.sh stop     cancel what is queued, stop the three daemons by their PIDs
#   .ci/local-slurm.sh env      print the line that points clients at it: export SLURM_CONF=...
#   .ci/local-slurm.sh status   the daemons' PIDs and sinfo
#
# Nothing goes to /etc and no service manager is needed: configuration, munge key and socket,
# state, logs and PID files all live in $PSRNN_SLURM_DIR (default $TMPDIR/psrnn-slurm, else
# /tmp/psrnn-slurm). The controller listens on $PSRNN_SLURM_PORT (default 6817), the node on the
# port above it. Without slurmdbd there is no accounting, so no sacct: psrnn does not use it.
set -euo pipefail

DIR=${PSRNN_SLURM_DIR:-${TMPDIR:-/tmp}/psrnn-slurm}
CONF=$DIR/slurm.conf
SOCKET=$DIR/munge/socket
PORT=${PSRNN_SLURM_PORT:-6817}
NODE=localhost

say() { printf 'local-slurm: %s\n' "$*" >&2; }
# Set while start launches daemons: a start that fails stops what it started.
STARTING=0
fail() {
  say "$*"
  if ((STARTING)); then stop; fi
  exit 1
}

# The PID in file $1 when that process is alive; nothing (and status 1) otherwise.
alive() {
  [[ -s "$1" ]] || return 1
  local pid
  pid=$(<"$1")
  kill -0 "$pid" 2>/dev/null || return 1
  printf '%s' "$pid"
}

install_missing() {
  local tool missing=0
  for tool in slurmctld slurmd sbatch munged mungekey; do command -v "$tool" >/dev/null || missing=1; done
  ((missing)) || return 0
  [[ $(id -u) -eq 0 ]] || fail "Slurm or munge is not installed, and installing them needs root"
  say "installing slurmctld slurmd slurm-client munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
}

write_config() {
  # A node that claims more memory than slurmd measures is drained at once; half of it is safe.
  local memory
  memory=$(awk '/^MemTotal:/ { print int($2 / 2048) }' /proc/meminfo)
  cat >"$CONF" <<EOF
# Written by .ci/local-slurm.sh: one node, localhost, no accounting database.
ClusterName=psrnn-ci
SlurmctldHost=localhost
SlurmUser=$(id -un)
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
# Cores, not memory, are what jobs share: with CR_Core_Memory one job's default memory would fill the node.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
# Finished jobs stay visible to scontrol and squeue this long (seconds).
MinJobAge=600
KillWait=30
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

# Waits up to $1 seconds for the command after $2 (a description) to succeed.
await() {
  local seconds=$1 what=$2
  shift 2
  local until=$((SECONDS + seconds))
  while ! "$@" >/dev/null 2>&1; do
    ((SECONDS < until)) || fail "$what did not come up within ${seconds}s (logs in $DIR/log)"
    sleep 0.2
  done
}

idle() { [[ $(sinfo -h -n "$NODE" -o %T 2>/dev/null) == idle ]]; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local began=$SECONDS
  install_missing
  if alive "$DIR/slurmctld.pid" >/dev/null || alive "$DIR/slurmd.pid" >/dev/null || alive "$DIR/munge/munged.pid" >/dev/null; then
    fail "a cluster from $DIR is running already: stop it first ($0 stop)"
  fi
  port_free "$PORT" && port_free $((PORT + 1)) || fail "port $PORT or $((PORT + 1)) is in use: set PSRNN_SLURM_PORT to a free pair"
  rm -rf "$DIR"
  mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool" "$DIR/log"
  STARTING=1
  # munged refuses a socket folder that others cannot enter.
  chmod 755 "$DIR" "$DIR/munge"
  export SLURM_CONF=$CONF
  write_config

  mungekey --create --keyfile="$DIR/munge/key" >/dev/null
  munged --socket="$SOCKET" --key-file="$DIR/munge/key" --pid-file="$DIR/munge/munged.pid" \
    --seed-file="$DIR/munge/seed" --log-file="$DIR/log/munged.log"
  await 10 munged sh -c "munge -n --socket='$SOCKET' | unmunge --socket='$SOCKET'"
  slurmctld -f "$CONF"
  await 30 slurmctld scontrol ping
  slurmd -f "$CONF" -N "$NODE"
  await 60 "the node" idle
  STARTING=0
  say "up in $((SECONDS - began))s: munged $(alive "$DIR/munge/munged.pid"), slurmctld $(alive "$DIR/slurmctld.pid"), slurmd $(alive "$DIR/slurmd.pid")"
  echo "export SLURM_CONF=$CONF"
}

# Stops the process whose PID file is $2 (named $1): SIGTERM, then SIGKILL after 10 s.
stop_one() {
  local pid i
  pid=$(alive "$2") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  say "$1 (PID $pid) did not stop on SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  export SLURM_CONF=$CONF
  if alive "$DIR/slurmctld.pid" >/dev/null && [[ -n $(squeue -h 2>/dev/null) ]]; then
    scancel --partition=debug 2>/dev/null || true
    local until=$((SECONDS + 40))
    while [[ -n $(squeue -h 2>/dev/null) ]] && ((SECONDS < until)); do sleep 0.5; done
  fi
  stop_one slurmd "$DIR/slurmd.pid"
  stop_one slurmctld "$DIR/slurmctld.pid"
  stop_one munged "$DIR/munge/munged.pid"
}

status() {
  printf 'munged     %s\n' "$(alive "$DIR/munge/munged.pid" || echo 'not running')"
  printf 'slurmctld  %s\n' "$(alive "$DIR/slurmctld.pid" || echo 'not running')"
  printf 'slurmd     %s\n' "$(alive "$DIR/slurmd.pid" || echo 'not running')"
  SLURM_CONF=$CONF sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
