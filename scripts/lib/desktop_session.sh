# Runs a command inside a private D-Bus session whose Secret Service is a freshly
# unlocked gnome-keyring: the same keychain API a Linux desktop offers, with no
# prompts. $1 is the folder that keeps the keyring (XDG_DATA_HOME for the session).
# shellcheck shell=bash

with_keyring_session() {
    local data_home=$1
    shift
    mkdir -p "$data_home"
    XDG_DATA_HOME="$data_home" dbus-run-session -- bash -c '
        # The password only guards this throwaway keyring file.
        echo -n brokerdesk | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        exec "$@"' with_keyring_session "$@"
}
