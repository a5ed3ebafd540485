// The fixed sh programs the adapter runs (`sh -c PROGRAM name args...`). Every value reaches them as a
// positional argument or on stdin, never inside the program text, so nothing from the model is parsed as code.

/** Prints the instance's state in sections: explicit main.cf settings, managed parameters, files, reload marker. */
export const OBSERVE = `set -u
dir=$1; names=$2; mailroot=$3; queuedir=$4; shift 4
command -v postconf >/dev/null 2>&1 || { echo "@@error postconf is not installed (not found in PATH=$PATH)"; exit 0; }
if [ ! -e "$dir/main.cf" ]; then
  # No main.cf (Debian's "No configuration" install): start from Postfix's defaults.
  [ -d "$dir" ] || { echo "@@error the directory $dir does not exist"; exit 0; }
  echo "@@no-main-cf"
  explicit=
  effective=$(postconf -c "$dir" -d $names 2>/dev/null) || { echo "@@error postconf -d failed"; exit 0; }
else
  [ -r "$dir/main.cf" ] || { echo "@@error cannot read $dir/main.cf (permission denied)"; exit 0; }
  explicit=$(postconf -c "$dir" -n 2>&1) || { echo "@@error postconf -n: $(printf '%s' "$explicit" | tail -n 3 | tr '\\n' ' ')"; exit 0; }
  effective=$(postconf -c "$dir" $names 2>&1) || { echo "@@error postconf: $(printf '%s' "$effective" | tail -n 3 | tr '\\n' ' ')"; exit 0; }
fi
echo "@@explicit"
[ -z "$explicit" ] || printf '%s\\n' "$explicit" | awk '{print "|" $0}'
echo "@@effective"
printf '%s\\n' "$effective" | awk '{print "|" $0}'
[ -n "$queuedir" ] || queuedir=$(postconf -c "$dir" -h queue_directory 2>/dev/null) || queuedir=
echo "@@queuedir"
if [ -z "$queuedir" ] || [ -d "$queuedir" ]; then echo "ok $queuedir"; else echo "missing $queuedir"; fi
hashed=
for spec in "$@"; do
  kind=\${spec%%:*}; f=\${spec#*:}
  echo "@@file $kind $f"
  if [ -e "$f" ] && { [ ! -f "$f" ] || [ ! -r "$f" ]; }; then echo "@@error cannot read $f (not a readable regular file)"; exit 0; fi
  if [ -f "$f" ]; then
    echo "@@exists"
    case $kind in
      secret) awk '{u=$2; sub(/:.*/, "", u); print "|" $1 " " u}' "$f"
              if [ -f "$f.coexist-secret" ]; then echo "@@mark $(head -n 1 "$f.coexist-secret")"; fi
              if [ -f "$f.db" ]; then hashed="$hashed $f.db"; fi ;;
      map) awk '{print "|" $0}' "$f"; hashed="$hashed $f" ;;
      *) awk '{print "|" $0}' "$f" ;;
    esac
    case $kind in
      map|secret) if [ -f "$f.db" ] && [ ! "$f" -nt "$f.db" ]; then echo "@@db fresh"; else echo "@@db stale"; fi ;;
    esac
  else
    echo "@@missing"
  fi
done
echo "@@mailroot"
if [ -d "$mailroot" ]; then stat -c '%u:%g' "$mailroot"; else echo missing; fi
echo "@@config-sum"
{ cat "$dir/main.cf" "$dir/master.cf" 2>/dev/null; for f in $hashed; do if [ -f "$f" ]; then cat "$f"; fi; done; } | cksum
echo "@@reloaded-sum"
cat "$dir/.coexist-reloaded" 2>/dev/null || echo none
echo "@@end"
`;

/** Writes a file atomically (temp file in the same directory, mode, rename), then builds its postmap table. */
export const WRITE_FILE = `set -eu
f=$1; mode=$2; kind=$3; dir=$4
umask 077
tmp=$(mktemp "$f.coexist-XXXXXX")
trap 'rm -f "$tmp"' EXIT
cat > "$tmp"
chmod "$mode" "$tmp"
mv -f "$tmp" "$f"
if [ "$kind" != none ]; then postmap -c "$dir" "$kind:$f"; fi
`;

/**
 * Writes a SASL password map: the first stdin line is the password (from the secret, never in argv), the
 * following lines are "nexthop account". The file and its table are owner-only.
 */
export const WRITE_SECRET_MAP = `set -eu
f=$1; dir=$2; mark=\${3:-}
umask 077
IFS= read -r pw
tmp=$(mktemp "$f.coexist-XXXXXX")
trap 'rm -f "$tmp"' EXIT
while IFS= read -r line || [ -n "$line" ]; do
  [ -n "$line" ] || continue
  printf '%s:%s\\n' "$line" "$pw" >> "$tmp"
done
chmod 0600 "$tmp"
mv -f "$tmp" "$f"
postmap -c "$dir" "hash:$f"
chmod 0600 "$f.db"
# The keyed fingerprint (HMAC) of the password, never the password: the next plan sees a changed password.
if [ -n "$mark" ]; then m=$(mktemp "$f.coexist-XXXXXX"); printf '%s\\n' "$mark" > "$m"; chmod 0600 "$m"; mv -f "$m" "$f.coexist-secret"; fi
`;

/** Creates the Maildir root owned by the mail user. */
export const MAIL_ROOT = `set -eu
mkdir -p -- "$1"
chown "$2:$3" "$1"
chmod 0750 "$1"
`;

/** postfix check, then reload if this instance runs, then records which configuration the running Postfix has. */
export const CHECK_AND_RELOAD = `set -u
dir=$1; shift
# postfix check and reload say why they fail only in the mail log (maillog_file, or syslog's mail.log):
# remember where it ends, and on failure show what this command added to it.
lf=$(postconf -c "$dir" -h maillog_file 2>/dev/null) || lf=$(sed -n 's/^maillog_file[ \t]*=[ \t]*//p' "$dir/main.cf" 2>/dev/null | tail -n 1)
if [ -z "$lf" ]; then for f in /var/log/mail.log /var/log/maillog; do if [ -r "$f" ]; then lf=$f; break; fi; done; fi
size=0
if [ -n "$lf" ] && [ -r "$lf" ]; then size=$(wc -c < "$lf"); fi
failed() {
  echo "$1 failed (exit $2); the mail log (\${lf:-none found}) says:" >&2
  if [ -n "$lf" ] && [ -r "$lf" ]; then
    tail -c +$((size + 1)) "$lf" | grep -E 'fatal|error|panic|warning' | grep -v -e COMPATIBILITY_README -e 'backwards compatibility' | tail -n 5 >&2
  else echo "(no maillog_file and no /var/log/mail.log: see journalctl -t postfix)" >&2; fi
  exit "$2"
}
postfix -c "$dir" check </dev/null || failed "postfix -c $dir check" $?
if postfix -c "$dir" status >/dev/null 2>&1; then postfix -c "$dir" reload </dev/null || failed "postfix -c $dir reload" $?; fi
set -e
hashed=
for f in "$@"; do hashed="$hashed $f"; done
sum=$({ cat "$dir/main.cf" "$dir/master.cf" 2>/dev/null; for f in $hashed; do if [ -f "$f" ]; then cat "$f"; fi; done; } | cksum)
umask 022
tmp=$(mktemp "$dir/.coexist-reloaded.XXXXXX")
printf '%s\\n' "$sum" > "$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$dir/.coexist-reloaded"
`;

/** Creates an empty main.cf (Postfix's defaults) where there is none, so that postconf -e can edit it. */
export const CREATE_MAIN_CF = `set -eu
umask 022
if [ ! -e "$1/main.cf" ]; then tmp=$(mktemp "$1/main.cf.XXXXXX"); chmod 0644 "$tmp"; mv -n "$tmp" "$1/main.cf"; rm -f "$tmp"; fi
`;

/**
 * The apply lock: a directory (mkdir is atomic) under the config directory holding the owner's token and
 * who it is. Exit 0 taken, 3 held (prints token and holder), 4 cannot be taken (the reason on stderr: a full
 * or read-only disk, no permission). A fourth argument breaks a lock whose holder is known to be dead.
 */
export const LOCK_ACQUIRE = `set -u
lock=$1; token=$2; holder=$3; stale=\${4:-}
if [ -n "$stale" ] && [ -d "$lock" ] && [ "$(head -n 1 "$lock/owner" 2>/dev/null)" = "$stale" ]; then
  rm -f "$lock/owner"; rmdir "$lock" 2>/dev/null || true
fi
if err=$(mkdir "$lock" 2>&1); then
  if printf '%s\\n%s\\n' "$token" "$holder" > "$lock/owner" 2>/dev/null; then exit 0; fi
  rm -f "$lock/owner"; rmdir "$lock" 2>/dev/null
  echo "cannot write $lock/owner (is the disk full or read-only?)" >&2; exit 4
fi
if [ -d "$lock" ]; then cat "$lock/owner" 2>/dev/null; exit 3; fi
printf '%s\\n' "$err" >&2; exit 4
`;

/** Releases the apply lock if this apply still owns it. */
export const LOCK_RELEASE = `set -u
lock=$1; token=$2
if [ "$(head -n 1 "$lock/owner" 2>/dev/null)" = "$token" ]; then rm -f "$lock/owner"; rmdir "$lock"; fi
`;
