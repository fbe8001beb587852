//! What a new user meets, in the real window under Xvfb (issue 17 items 3, 4, 8): the
//! rows of the message list stay where they are when the "Marked as read" toast comes
//! (a click aimed at a row still lands on it), an unreachable account shows a compact
//! status, and the window in German. TERN_SCREENSHOT_OUT=<dir> keeps the PNGs
//! (resources/screenshots/offline-status.png and german-window.png come from here).

use std::path::{Path, PathBuf};
use std::time::Duration;

use tern::config::Config;

use super::fill_cache;
use super::newuser::offline_account;
use crate::support::xvfb::{self, Display};

/// A cached INBOX of 30 messages for an account whose server cannot be reached.
fn offline_profile(dir: &Path) {
    let config = Config {
        accounts: vec![offline_account("gen")],
    };
    config
        .save(&dir.join("config/accounts.toml"))
        .expect("accounts.toml");
    std::fs::write(
        dir.join("config/settings.toml"),
        "[ui]\nwindow_width = 1280.0\nwindow_height = 800.0\n",
    )
    .expect("settings.toml");
    fill_cache(&super::paths(dir).cache_db(), "gen", 30);
}

fn out(name: &str) -> Option<PathBuf> {
    std::env::var_os("TERN_SCREENSHOT_OUT").map(|d| PathBuf::from(d).join(name))
}

fn start(display: &Display, dir: &Path, env: &[(&str, &str)]) -> (xvfb::App, String) {
    let app = xvfb::launch(display, dir, env);
    let window = display.wait_window("Tern");
    display.xdotool(&["windowmove", &window, "0", "0"]);
    display.xdotool(&["windowsize", &window, "1280", "800"]);
    display.focus(&window);
    // Fonts, layout and the first connection attempt (refused at once) settle.
    std::thread::sleep(Duration::from_secs(3));
    (app, window)
}

/// The list's rows below the first two (which the selection and the read mark change),
/// above the bottom strip where the toast floats.
const ROWS: (u32, u32, u32, u32) = (262, 260, 680, 690);

#[test]
fn the_read_toast_moves_no_row_and_the_offline_status_stays_compact() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    offline_profile(dir.path());
    let display = Display::start();
    let (_app, window) = start(&display, dir.path(), &[]);
    let before = display.screenshot(out("offline-status.png").as_deref());
    // Open the newest (unread) message; it is marked read after 1.5 s and the toast
    // "Marked as read" with Undo appears over the bottom of the list.
    display.xdotool(&["key", "--window", &window, "Down"]);
    std::thread::sleep(Duration::from_secs(4));
    let after = display.screenshot(out("marked-read-toast.png").as_deref());
    let (x0, y0, x1, y1) = ROWS;
    let moved = before.changed_share(&after, x0, y0, x1, y1, 24);
    assert!(
        moved < 0.01,
        "{:.1} % of the list's lower rows changed when the toast came (rows moved)",
        moved * 100.0
    );
    // The toast did appear (else this proves nothing): the strip under the rows changed.
    let toast = before.changed_share(&after, x0, 700, x1, 790, 24);
    assert!(toast > 0.05, "no toast over the bottom of the list ({toast:.3})");
}

#[test]
fn the_window_in_german() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    offline_profile(dir.path());
    let display = Display::start();
    let (_app, window) = start(
        &display,
        dir.path(),
        &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "de")],
    );
    display.xdotool(&["key", "--window", &window, "Down"]);
    std::thread::sleep(Duration::from_secs(3));
    let title = display.xdotool(&["getwindowname", &window]);
    assert!(title.contains("Posteingang"), "German title: {title}");
    assert!(title.contains("ungelesen"), "with the unread count: {title}");
    let _ = display.screenshot(out("german-window.png").as_deref());
    // Settings, with its General section, for review.
    display.xdotool(&["key", "--window", &window, "ctrl+comma"]);
    std::thread::sleep(Duration::from_secs(2));
    let _ = display.screenshot(out("german-settings.png").as_deref());
}
