#!/bin/sh
# An X server with two monitors side by side, for the tests of presenting on
# two screens: Xorg with its dummy video driver, whose RandR outputs DUMMY0 and
# DUMMY1 become two 1280x720 monitors (DUMMY0 at 0,0, DUMMY1 at 1280,0), as a
# projector beside a laptop. Xvfb cannot do this: it has one output.
#
#   two_monitor_x.sh DISPLAY_NUMBER FOLDER [OWNER_PID]
#
# With OWNER_PID, the server is stopped when that process ends, however it
# ends (a test that crashes leaves no server behind).
# Writes FOLDER/xorg.conf, FOLDER/x.log and, once the server is ready with two
# monitors, FOLDER/x.pid, and exits 0 leaving the server running (stop it with
# kill). Exits 77 when the server cannot be had here (not root, packages
# missing: Debian's xserver-xorg-core, xserver-xorg-video-dummy,
# x11-xserver-utils), 1 when it fails to start, with the reason on stderr.
set -u
number=${1:?display number}
dir=${2:?folder}
owner=${3:-}
display=":$number"
xorg=/usr/lib/xorg/Xorg   # not the setuid wrapper, which wants a console

unavailable() { echo "two_monitor_x: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || unavailable "Xorg with the dummy driver needs root here"
[ -x "$xorg" ] || unavailable "$xorg missing (xserver-xorg-core)"
[ -f /usr/lib/xorg/modules/drivers/dummy_drv.so ] || unavailable "the dummy video driver is missing (xserver-xorg-video-dummy)"
command -v xrandr > /dev/null 2>&1 || unavailable "xrandr is missing (x11-xserver-utils)"
[ -e "/tmp/.X$number-lock" ] && unavailable "display $display is taken (/tmp/.X$number-lock)"
mkdir -p "$dir" || exit 1

# The virtual screen holds both monitors; the video memory must cover it
# (2560x720 at 32 bits is 7.2 MB; the driver's default of 4 MB is too small).
cat > "$dir/xorg.conf" <<CONF
Section "ServerFlags"
    Option "AutoAddDevices" "false"
    Option "AutoEnableDevices" "false"
    Option "AutoAddGPU" "false"
    Option "DontVTSwitch" "true"
    Option "AllowMouseOpenFail" "true"
EndSection
Section "Device"
    Identifier "card"
    Driver "dummy"
    VideoRam 65536
EndSection
Section "Monitor"
    Identifier "monitor"
    HorizSync 5.0 - 1000.0
    VertRefresh 5.0 - 200.0
    Modeline "1280x720" 74.50 1280 1344 1472 1664 720 723 728 748 -hsync +vsync
EndSection
Section "Screen"
    Identifier "screen"
    Device "card"
    Monitor "monitor"
    DefaultDepth 24
    SubSection "Display"
        Depth 24
        Modes "1280x720"
        Virtual 2560 720
    EndSubSection
EndSection
Section "ServerLayout"
    Identifier "layout"
    Screen "screen"
EndSection
CONF

# -noreset: the server keeps its outputs when the last client leaves.
setsid "$xorg" "$display" -noreset -nolisten tcp -logfile "$dir/x.log" -config "$dir/xorg.conf" \
    < /dev/null > "$dir/x.out" 2>&1 &
pid=$!
fail() {
    echo "two_monitor_x: $*" >&2
    kill "$pid" 2> /dev/null
    tail -n 20 "$dir/x.log" >&2 2> /dev/null
    exit 1
}
tries=0
until DISPLAY=$display xrandr -q > /dev/null 2>&1; do
    kill -0 "$pid" 2> /dev/null || fail "Xorg stopped while starting"
    tries=$((tries + 1))
    [ "$tries" -le 200 ] || fail "Xorg did not answer on $display within 20 s"
    sleep 0.1
done
export DISPLAY=$display
# DUMMY1 has no mode until given one; with it, it is connected.
xrandr --output DUMMY0 --mode 1280x720 --pos 0x0 --primary || fail "cannot set DUMMY0 to 1280x720"
xrandr --addmode DUMMY1 1280x720 || fail "cannot give DUMMY1 a mode"
xrandr --output DUMMY1 --mode 1280x720 --right-of DUMMY0 || fail "cannot turn DUMMY1 on"
monitors=$(xrandr --listmonitors | sed -n 's/^Monitors: *//p')
[ "$monitors" = 2 ] || fail "expected 2 monitors, the server has '$monitors'"
echo "$pid" > "$dir/x.pid"
if [ -n "$owner" ]; then
    # A watcher outlives this script: when the owner is gone, so is the server.
    (while kill -0 "$owner" 2> /dev/null && kill -0 "$pid" 2> /dev/null; do sleep 1; done
     kill "$pid" 2> /dev/null) < /dev/null > /dev/null 2>&1 &
fi
