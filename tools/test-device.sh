#!/usr/bin/env bash
# The throwaway device: a real OpenSSH sshd on 127.0.0.1 (random free port, fresh host key) serving a
# throwaway account whose home is a temp folder, and a throwaway key that logs into it. One starter for
# the Pester run (tests/run-tests.sh) and the demo (build.ps1 -Demo). The xunit suite has its own C#
# fixture (tests/RescaleSsh.Tests/Infrastructure/SshServer.cs) with the same sshd settings.
#
#   tools/test-device.sh run [--bare] COMMAND [ARG...]
#       Starts the device, runs COMMAND with the variables below, then stops sshd and removes the account
#       and every temp folder, also when COMMAND fails or on Ctrl+C. Exits with COMMAND's status.
#       --bare: the account has no ~/.ssh yet (a new device before provisioning); no RESCALESSH_TEST_KEY.
#         RESCALESSH_TEST_DEVICE       user@127.0.0.1:port
#         RESCALESSH_TEST_KEY          a private key (Ed25519, unencrypted) that the device accepts
#         RESCALESSH_TEST_HOST_KEY     the device's public host key file (for known_hosts lines and pins)
#         RESCALESSH_TEST_DEVICE_HOME  the account's home, for checks and clean-up done as root
#         HOME                         a fresh temp folder: no real ~/.ssh is read or written
#   tools/test-device.sh authorize PUBLIC_KEY_FILE
#       Inside `run`: appends the key to the device's ~/.ssh/authorized_keys with the owner and modes sshd
#       demands, as Rescale's provisioning does for a new device (outside the module).
#   tools/test-device.sh check
#       Exits 0 when a device can be started here; otherwise says in one paragraph what is needed.
#
# Needs Linux, root (`run` re-runs itself with sudo when not root), and openssh-server/openssh-client (installed here with apt-get when root on Debian/Ubuntu).
set -euo pipefail

explain_requirements() {
  cat >&2 <<'EOF'
The throwaway device is a real OpenSSH server started on 127.0.0.1 for a temporary account, so it needs
Linux, root (to create and remove that account: run it as root, or as a user who may use sudo), and the packages
openssh-server and openssh-client (installed automatically when running as root on Debian or Ubuntu;
elsewhere install them first). Nothing was started.
EOF
}

# Root is needed for the account: re-runs this script with sudo where that is how to get it.
ensure_root() {
  if [ "$(uname -s)" != Linux ]; then explain_requirements; exit 2; fi
  [ "$(id -u)" = 0 ] && return 0
  if command -v sudo >/dev/null 2>&1; then
    echo "Running the throwaway device as root with sudo (it creates a temporary account)." >&2
    exec sudo env "PATH=$PATH" ${DOTNET_ROOT:+"DOTNET_ROOT=$DOTNET_ROOT"} bash "$0" "$@"
  fi
  explain_requirements
  exit 2
}

ensure_prerequisites() {
  local need=()
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
  for tool in useradd userdel pkill; do command -v "$tool" >/dev/null 2>&1 || need+=(passwd procps); done
  if [ ${#need[@]} -gt 0 ]; then
    mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "The throwaway device needs: ${need[*]}." >&2
      explain_requirements
      exit 2
    fi
    echo "Installing ${need[*]} ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

# --- run -------------------------------------------------------------------------------------------------

state=""
account=""
bare=no
sshd_pid=""
child_pid=""

cleanup() {
  trap - EXIT INT TERM HUP
  if [ -n "$child_pid" ] && kill -0 "$child_pid" 2>/dev/null; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  if [ -n "$sshd_pid" ]; then
    kill -TERM "$sshd_pid" 2>/dev/null || true
    wait "$sshd_pid" 2>/dev/null || true
  fi
  if [ -n "$account" ]; then
    pkill -KILL -u "$account" 2>/dev/null || true
    userdel -f "$account" >/dev/null 2>&1 || true
  fi
  if [ -n "$state" ]; then
    rm -rf -- "$state"
  fi
}

# Polls (bounded) until sshd has written its pid file, which it does once it listens; fails if sshd exits.
wait_until_listening() {
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    [ -s "$state/sshd.pid" ] && return 0
    kill -0 "$sshd_pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# True when nothing accepts connections on 127.0.0.1:$1.
port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_device() {
  state=$(mktemp -d /tmp/rescalessh-device.XXXXXXXX)
  chmod 755 "$state" # sshd reads authorized_keys as the account, which must reach its home
  account="rsd$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-9)"
  local home="$state/home"
  mkdir -p "$home" "$state/client/.ssh" /run/sshd
  chmod 700 "$state/client" "$state/client/.ssh"
  # "*": no password login, yet not locked ("!"), which sshd without PAM would refuse.
  useradd -M -d "$home" -s /bin/sh -p '*' "$account"

  ssh-keygen -q -t ed25519 -N '' -C '' -f "$state/ssh_host_ed25519_key"
  chown "$account:" "$home"
  chmod 755 "$home"
  if [ "$bare" != yes ]; then
    ssh-keygen -q -t ed25519 -N '' -C "rescalessh-test@$(hostname)" -f "$state/client/test_ed25519"
    RESCALESSH_TEST_DEVICE_HOME="$home" RESCALESSH_TEST_DEVICE="$account@127.0.0.1" authorize "$state/client/test_ed25519.pub"
    export RESCALESSH_TEST_KEY="$state/client/test_ed25519"
  fi

  local attempt port=""
  for ((attempt = 0; attempt < 20; attempt++)); do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || { port=""; continue; }
    rm -f "$state/sshd.pid"
    cat >"$state/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $state/ssh_host_ed25519_key
PidFile $state/sshd.pid
AllowUsers $account
PermitRootLogin no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes yes
AuthorizedKeysFile .ssh/authorized_keys
Subsystem sftp internal-sftp
MaxStartups 200:30:400
MaxSessions 64
LoginGraceTime 60
LogLevel VERBOSE
EOF
    /usr/sbin/sshd -D -f "$state/sshd_config" -E "$state/sshd.log" &
    sshd_pid=$!
    if wait_until_listening; then
      break
    fi
    kill -TERM "$sshd_pid" 2>/dev/null || true
    wait "$sshd_pid" 2>/dev/null || true
    sshd_pid=""
    port=""
  done
  if [ -z "$port" ]; then
    echo "sshd did not start on a free port:" >&2
    cat "$state/sshd.log" >&2 || true
    return 1
  fi

  export RESCALESSH_TEST_DEVICE="$account@127.0.0.1:$port"
  export RESCALESSH_TEST_HOST_KEY="$state/ssh_host_ed25519_key.pub"
  export RESCALESSH_TEST_DEVICE_HOME="$home"
  export HOME="$state/client"
  echo "test device: $RESCALESSH_TEST_DEVICE (key ${RESCALESSH_TEST_KEY:-none}, HOME=$HOME)" >&2
}

run() {
  ensure_root run "$@"
  if [ "${1:-}" = --bare ]; then bare=yes; shift; fi
  [ $# -gt 0 ] || { echo "usage: $0 run [--bare] COMMAND [ARG...]" >&2; exit 2; }
  ensure_prerequisites
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP
  start_device
  # In the background so that Ctrl+C reaches this script's trap at once (the child gets it too: same group).
  local status=0
  "$@" &
  child_pid=$!
  wait "$child_pid" || status=$?
  child_pid=""
  exit "$status"
}

authorize() {
  local key=${1:?usage: $0 authorize PUBLIC_KEY_FILE}
  local home=${RESCALESSH_TEST_DEVICE_HOME:?authorize runs inside "$0 run"}
  local account=${RESCALESSH_TEST_DEVICE%@*}
  mkdir -p "$home/.ssh"
  # A missing final newline would glue the new key onto the last one.
  if [ -s "$home/.ssh/authorized_keys" ] && [ -n "$(tail -c 1 "$home/.ssh/authorized_keys")" ]; then
    echo >>"$home/.ssh/authorized_keys"
  fi
  grep -v '^[[:space:]]*$' "$key" >>"$home/.ssh/authorized_keys"
  chown "$account:" "$home/.ssh" "$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh"
  chmod 600 "$home/.ssh/authorized_keys"
}

case "${1:-}" in
  run) shift; run "$@" ;;
  authorize) shift; authorize "$@" ;;
  check)
    if [ "$(uname -s)" != Linux ]; then explain_requirements; exit 2; fi
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then explain_requirements; exit 2; fi
    exit 0 ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac
