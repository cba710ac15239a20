#!/bin/sh
# install.sh: install the museum kiosk on this gallery machine from this kit folder alone,
# with no network. Debian 12 (bookworm), amd64. Run as root:  sudo sh install.sh
#
# It checks the kit's copy (SHA256SUMS), installs the kiosk package and the dependencies
# in debs/ with apt (reading only this folder), enables kiosk.service, asks for the staff
# PIN if none is set (when run from a terminal), and installs the exhibit packs in
# exhibits/. Running it again is harmless: what is done already is left as it is.
set -eu

say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
die() {
	printf 'install.sh: %s\n' "$*" >&2
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "run me as root: sudo sh $0 (or sh $0 in a root shell, from su -)"

KIT=$(cd "$(dirname "$0")" && pwd)
CONFIG=/etc/kiosk/config.toml
cd "$KIT"

DEB=""
for f in kiosk_*_amd64.deb; do
	[ -f "$f" ] && DEB=$f
done
[ -n "$DEB" ] || die "no kiosk_*_amd64.deb next to me in $KIT; copy the whole kit folder"
[ -f debs/Packages ] || die "debs/Packages is missing in $KIT; copy the whole kit folder"

arch=$(dpkg --print-architecture)
[ "$arch" = amd64 ] || die "this kit is for amd64 machines; this one is $arch"
if [ -r /etc/os-release ]; then
	# shellcheck disable=SC1091  # the machine's own file
	version_id=$(. /etc/os-release && printf '%s' "${VERSION_ID:-}")
	[ "$version_id" = 12 ] || say "install.sh: warning: this kit is for Debian 12; this machine says VERSION_ID=$version_id"
fi

step "1/5 Checking the kit's files"
sha256sum --quiet --check SHA256SUMS || die "the kit's files are damaged or incomplete (see above); copy the kit again"
say "ok"

step "2/5 Installing the kiosk and its dependencies (from $KIT/debs only)"
# apt sees only the kit: its own sources list, lists and cache in a temporary folder,
# so nothing is fetched from the network and the machine's apt setup is not touched.
# apt takes a package from the kit only where the machine lacks it or has an older one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp" # apt reads the repository as its unprivileged _apt user
mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/sources.list.d"
ln -s "$KIT/debs" "$tmp/debs" # a path without spaces for the sources line
printf 'deb [trusted=yes] file:%s/debs ./\n' "$tmp" >"$tmp/sources.list"
set -- -o "Dir::Etc::SourceList=$tmp/sources.list" \
	-o "Dir::Etc::SourceParts=$tmp/sources.list.d" \
	-o "Dir::State::Lists=$tmp/lists" \
	-o "Dir::Cache=$tmp" -o "Dir::Cache::archives=$tmp/archives" \
	-o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" \
	-o "Acquire::Languages=none" -o "APT::Get::List-Cleanup=false"
apt-get "$@" -q update >/dev/null || die "apt could not read $KIT/debs (see above)"
# On an upgrade, keep the machine's /etc/kiosk/config.toml (it holds the PIN) without asking.
DEBIAN_FRONTEND=noninteractive apt-get "$@" -q -y --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	install "$KIT/$DEB" || die "apt could not install $DEB (see above)"
say "installed: $(dpkg-query --show --showformat='${Package} ${Version}' kiosk)"

step "3/5 Starting the kiosk at every boot"
systemctl enable kiosk.service
if [ -d /run/systemd/system ]; then
	default=$(systemctl get-default)
	if [ "$default" != graphical.target ]; then
		say "warning: the machine boots into $default; the kiosk starts with graphical.target."
		say "         Make that the default with: systemctl set-default graphical.target"
	fi
fi
if [ -e /etc/systemd/system/display-manager.service ]; then
	say "warning: a display manager is enabled ($(readlink -f /etc/systemd/system/display-manager.service))."
	say "         It would compete with the kiosk for the screen; disable it with:"
	say "         systemctl disable display-manager.service"
fi

step "4/5 The staff PIN"
# The PIN's own file (kiosk set-pin writes it), or a pin_hash left in config.toml by an
# older version: either is a PIN set.
if [ -s "$(dirname "$CONFIG")/staff-pin" ] || grep -q '^pin_hash[[:space:]]*=' "$CONFIG" 2>/dev/null; then
	say "a staff PIN is set (change it with: sudo kiosk set-pin)"
	pin_set=yes
elif [ -t 0 ] && kiosk set-pin; then
	pin_set=yes
else
	say "no staff PIN yet: the kiosk will not start without one. Set it with: sudo kiosk set-pin"
	pin_set=no
fi

# The kiosk user may not write /etc/kiosk: keep the last good copy of the configuration
# (config.toml.last-good, used when a later edit breaks it) now, as root.
kiosk config show >/dev/null 2>&1 || true

step "5/5 Exhibits"
failed=""
found=no
for pack in "$KIT"/exhibits/*.kioskpack; do
	[ -f "$pack" ] || continue
	found=yes
	# kiosk install runs as the kiosk user, who owns the exhibits; give it a readable
	# copy if it cannot read the stick.
	src=$pack
	if ! runuser -u kiosk -- test -r "$pack"; then
		src=/var/lib/kiosk/.incoming.kioskpack
		install -o kiosk -g kiosk -m 0600 "$pack" "$src"
	fi
	# --skip-installed: running the kit again never undoes what staff installed or
	# rolled back since; later updates come with `kiosk install` or the staff panel.
	if ! runuser -u kiosk -- kiosk install --skip-installed "$src"; then
		failed="$failed $(basename "$pack")"
	fi
	[ "$src" = "$pack" ] || rm -f "$src"
done
if [ "$found" = no ]; then
	say "no exhibits/*.kioskpack in the kit: the kiosk shows the installed exhibit, else the one it ships with"
fi
runuser -u kiosk -- kiosk exhibits || true

step "Done"
[ -z "$failed" ] || say "These exhibit packs could not be installed (see above):$failed"
[ "$pin_set" = yes ] || say "- Set the staff PIN: sudo kiosk set-pin"
say "- Reboot (or run: systemctl start kiosk) to start the kiosk on the screen."
say "- Logs: journalctl -u kiosk, and /var/log/kiosk/kiosk.log"
say "- Stop for maintenance: staff panel > Stop for maintenance, or: systemctl stop kiosk"
say "  Resume: rm -f /run/kiosk/maintenance && systemctl start kiosk (a reboot also resumes)"
[ -z "$failed" ] || exit 1
exit 0
