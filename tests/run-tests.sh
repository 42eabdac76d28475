#!/usr/bin/env bash
# The test command (README, "Test"); CI (.ci/run) runs exactly this. On a Debian/Ubuntu machine with only
# the .NET SDK, as root or as a user who may sudo (it re-runs itself with sudo), it:
#   1. installs openssh-server, openssh-client, putty-tools, putty (Unix Pageant), libnss-wrapper, python3-asyncssh
#      (and passwd, procps, e2fsprogs where missing)
#      with apt-get, pwsh 7.6.9 (`dotnet tool restore`, .config/dotnet-tools.json) and Pester 5.7.1 +
#      YamlDotNet (`dotnet restore tools/TestTools`, into the NuGet cache);
#   2. builds the module and its package (`pwsh ./build.ps1 -Package`);
#   3. runs every xunit test project in RescaleSsh.sln (`dotnet test RescaleSsh.sln`), each starting its own
#      sshd fixture;
#   4. runs the Pester suite (tests/Pester/Invoke-PesterSuite.ps1) in real pwsh against a throwaway device
#      (tools/test-device.sh: sshd on 127.0.0.1, throwaway account, key and HOME);
#   5. runs the demo once (`pwsh ./build.ps1 -Demo`);
# and ends with one line "N passed, N failed, N skipped" counting all of them. Exits non-zero if anything failed.
# Arguments are passed to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "Running again as root with sudo: the tests create a throwaway account for their sshd." >&2
    exec sudo env "PATH=$PATH" ${DOTNET_ROOT:+"DOTNET_ROOT=$DOTNET_ROOT"} bash "$0" "$@"
  fi
  echo "The tests create a throwaway account for their sshd: run this as root (or install sudo)." >&2
  exit 2
fi

need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 && command -v ssh >/dev/null 2>&1 && command -v sftp >/dev/null 2>&1 || need+=(openssh-client)
command -v puttygen >/dev/null 2>&1 || need+=(putty-tools)
command -v pageant >/dev/null 2>&1 || need+=(putty)                      # Unix Pageant, for the agent tests
dpkg -s libnss-wrapper >/dev/null 2>&1 || need+=(libnss-wrapper)        # ssh -G with a throwaway home (config oracle)
/usr/bin/python3 -c 'import asyncssh' >/dev/null 2>&1 || need+=(python3-asyncssh)   # the hostile SFTP server (Debian's; PyPI is not reachable)
for tool in useradd userdel chpasswd pkill; do command -v "$tool" >/dev/null 2>&1 || need+=(passwd procps); done
command -v chattr >/dev/null 2>&1 || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need: ${need[*]}. Install them and run again." >&2
    exit 2
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "The tests need the .NET SDK 10 (dotnet)." >&2; exit 2; }
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# --- PowerShell-level tools, pinned: pwsh from the local tool manifest, Pester and YamlDotNet from NuGet ---
dotnet tool restore >/dev/null
dotnet restore tools/TestTools/TestTools.csproj -nologo -v quiet >/dev/null
packages=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: //')
pwsh_version=$(grep -A1 '"powershell"' .config/dotnet-tools.json | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')
pester_version=$(grep -oE 'Include="Pester" Version="\[[0-9.]+\]' tools/TestTools/TestTools.csproj | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')
yaml_version=$(grep -oE 'Include="YamlDotNet" Version="\[[0-9.]+\]' tools/TestTools/TestTools.csproj | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')
# The tool package's own apphost: it runs without `dotnet tool run`, so also with HOME pointed elsewhere.
PWSH="${packages%/}/powershell/$pwsh_version/tools/net10.0/any/unix/pwsh"
chmod +x "$PWSH"
PESTER="${packages%/}/pester/$pester_version/tools/Pester.psd1"
export RESCALESSH_YAMLDOTNET="${packages%/}/yamldotnet/$yaml_version"
export RESCALESSH_PWSH="$PWSH"
[ -f "$PESTER" ] || { echo "Pester $pester_version was not restored to $PESTER." >&2; exit 2; }

mkdir -p out
passed=0 failed=0 skipped=0 status=0

# --- build: module folder out/RescaleSsh/ and the package out/RescaleSsh.<version>.nupkg ---
"$PWSH" -NoProfile -NonInteractive -File ./build.ps1 -Package

built=$(date +%s)

# --- xunit: every test project in the solution ---
set +e
dotnet test RescaleSsh.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --results-directory out/TestResults "$@" 2>&1 | tee out/test-output.txt
xunit_status=${PIPESTATUS[0]}
set -e
# Each test project reports "Passed: N" / "Failed: N" / "Skipped: N" lines (normal verbosity) or one
# "Passed!  - Failed: F, Passed: P, Skipped: S, ..." line (minimal verbosity); a project without tests reports none.
# (If a logger ever printed both forms, only the first form is counted.)
read -r p f s < <(awk '
  /^[[:space:]]*Passed:[[:space:]]+[0-9]+[[:space:]]*$/  { p += $2; normal = 1 }
  /^[[:space:]]*Failed:[[:space:]]+[0-9]+[[:space:]]*$/  { f += $2; normal = 1 }
  /^[[:space:]]*Skipped:[[:space:]]+[0-9]+[[:space:]]*$/ { s += $2; normal = 1 }
  /(Passed|Failed)! +- +Failed:/ {
    gsub(/,/, "")
    for (i = 1; i < NF; i++) { if ($i == "Failed:") mf += $(i+1); if ($i == "Passed:") mp += $(i+1); if ($i == "Skipped:") ms += $(i+1) }
  }
  END { if (normal) print p + 0, f + 0, s + 0; else print mp + 0, mf + 0, ms + 0 }' out/test-output.txt)
passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
xunit_counted=$((p + f + s))
if [ "$xunit_status" != 0 ]; then
  status=1
  [ "$xunit_counted" -gt 0 ] || failed=$((failed + 1)) # it failed before counting anything
fi

xunit_done=$(date +%s)

# --- Pester, in real pwsh, against a throwaway device ---
rm -f out/pester-summary.txt
set +e
bash tools/test-device.sh run "$PWSH" -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1 \
  -PesterPath "$PESTER" -SummaryPath "$PWD/out/pester-summary.txt"
pester_status=$?
set -e
if [ -s out/pester-summary.txt ]; then
  read -r p f s < out/pester-summary.txt
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
else
  failed=$((failed + 1))
fi
[ "$pester_status" = 0 ] || status=1

pester_done=$(date +%s)

# --- the demo (README, "Try it"), so that it cannot rot ---
set +e
"$PWSH" -NoProfile -NonInteractive -File ./build.ps1 -Demo 2>&1 | tee out/demo-output.txt
demo_status=${PIPESTATUS[0]}
set -e
steps=$(sed -nE 's/^demo: ([0-9]+) steps passed$/\1/p' out/demo-output.txt | tail -1)
if [ "$demo_status" = 0 ] && [ -n "$steps" ]; then
  passed=$((passed + steps))
else
  failed=$((failed + 1)); status=1
fi

finished=$(date +%s)
echo "Took $((finished - started)) s: set-up and build $((built - started)) s, xunit $((xunit_done - built)) s (exit $xunit_status)," \
  "Pester $((pester_done - xunit_done)) s (exit $pester_status), demo $((finished - pester_done)) s (exit $demo_status)."
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" = 0 ] || status=1
exit "$status"
