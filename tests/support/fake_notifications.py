#!/usr/bin/python3
"""A stand-in org.freedesktop.Notifications service for tests (issue 11 item 4).

Run inside `dbus-run-session`; every Notify call is appended to the file given as the
first argument as one JSON line (app_name, summary, body, actions), so a test can count
calls and check their text. Needs Debian's python3-dbus and python3-gi.
"""
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"


class Recorder(dbus.service.Object):
    def __init__(self, bus, log_path):
        super().__init__(bus, OBJECT_PATH)
        self.log_path = log_path
        self.next_id = 1

    @dbus.service.method(BUS_NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        record = {
            "app_name": str(app_name),
            "summary": str(summary),
            "body": str(body),
            "actions": [str(a) for a in actions],
        }
        # One line per call, flushed at once so the test sees it without waiting.
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        self.next_id += 1
        return dbus.UInt32(self.next_id - 1)

    @dbus.service.method(BUS_NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body", "actions"]

    @dbus.service.method(BUS_NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("tern-test-recorder", "tern", "1", "1.2")

    @dbus.service.method(BUS_NAME, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        pass


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fake_notifications.py LOG_FILE")
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    Recorder(bus, sys.argv[1])
    # Tell the starter we own the name: it can send notifications from now on.
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
