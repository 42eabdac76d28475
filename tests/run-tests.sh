#!/usr/bin/env bash
# The test command (README, "Test"): builds the module and runs the xunit suite against a real OpenSSH
# sshd on 127.0.0.1. Needs the .NET SDK; gets openssh-server, openssh-client, putty-tools (and passwd,
# procps, e2fsprogs where missing) itself
# when run as root on Debian/Ubuntu, and otherwise stops at once naming what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 && command -v ssh >/dev/null 2>&1 && command -v sftp >/dev/null 2>&1 || need+=(openssh-client)
command -v puttygen >/dev/null 2>&1 || need+=(putty-tools)
for tool in useradd userdel chpasswd pkill; do command -v "$tool" >/dev/null 2>&1 || need+=(passwd procps); done
command -v chattr >/dev/null 2>&1 || need+=(e2fsprogs)

if [ ${#need[@]} -gt 0 ]; then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need: ${need[*]}. Install them (sudo apt-get install ${need[*]}) and run again." >&2
    exit 2
  fi
fi
if [ "$(id -u)" != 0 ]; then
  echo "The tests create a throwaway account for their sshd and must run as root (sudo $0)." >&2
  exit 2
fi
command -v dotnet >/dev/null 2>&1 || { echo "The tests need the .NET SDK 10 (dotnet)." >&2; exit 2; }

dotnet build RescaleSsh.sln -c Release -nologo -v quiet
dotnet test tests/RescaleSsh.Tests/RescaleSsh.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --results-directory out/TestResults "$@" | tee out/test-output.txt
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' out/test-output.txt | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE 'Failed: +[0-9]+' out/test-output.txt | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "${passed} passed, ${failed} failed"
exit "$status"
