// The fixed sh programs the adapter runs (`sh -c PROGRAM name args...`). Every value reaches them as a
// positional argument or on stdin, never inside the program text, so nothing from the model is parsed as code.

/** Prints the instance's state in sections: explicit main.cf settings, managed parameters, files, reload marker. */
export const OBSERVE = `set -u
dir=$1; names=$2; mailroot=$3; shift 3
if [ ! -f "$dir/main.cf" ]; then echo "@@no-main-cf"; exit 0; fi
echo "@@explicit"
postconf -c "$dir" -n | awk '{print "|" $0}' || echo "@@error postconf -n"
echo "@@effective"
postconf -c "$dir" $names | awk '{print "|" $0}' || echo "@@error postconf"
hashed=
for spec in "$@"; do
  kind=\${spec%%:*}; f=\${spec#*:}
  echo "@@file $kind $f"
  if [ -f "$f" ]; then
    echo "@@exists"
    case $kind in
      secret) awk '{u=$2; sub(/:.*/, "", u); print "|" $1 " " u}' "$f"
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
tmp="$f.coexist-new"
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
f=$1; dir=$2
umask 077
IFS= read -r pw
tmp="$f.coexist-new"
: > "$tmp"
while IFS= read -r line || [ -n "$line" ]; do
  [ -n "$line" ] || continue
  printf '%s:%s\\n' "$line" "$pw" >> "$tmp"
done
chmod 0600 "$tmp"
mv -f "$tmp" "$f"
postmap -c "$dir" "hash:$f"
chmod 0600 "$f.db"
`;

/** Creates the Maildir root owned by the mail user. */
export const MAIL_ROOT = `set -eu
mkdir -p -- "$1"
chown "$2:$3" "$1"
chmod 0750 "$1"
`;

/** postfix check, then reload if this instance runs, then records which configuration the running Postfix has. */
export const CHECK_AND_RELOAD = `set -eu
dir=$1; shift
postfix -c "$dir" check
if postfix -c "$dir" status >/dev/null 2>&1; then postfix -c "$dir" reload; fi
hashed=
for f in "$@"; do hashed="$hashed $f"; done
sum=$({ cat "$dir/main.cf" "$dir/master.cf" 2>/dev/null; for f in $hashed; do if [ -f "$f" ]; then cat "$f"; fi; done; } | cksum)
umask 022
printf '%s\\n' "$sum" > "$dir/.coexist-reloaded.new"
mv -f "$dir/.coexist-reloaded.new" "$dir/.coexist-reloaded"
`;
