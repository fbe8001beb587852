//! The window tells the desktop who it is (issue 14 item 2): its WM_CLASS is the app id
//! `org.tern.Tern` (the desktop file's name, so docks group it with the menu entry) and
//! it carries its icon (_NET_WM_ICON), checked with xprop on the real window under Xvfb.
//! And the renderer (item 1): with no ICED_BACKEND the GPU renderer is tried first and
//! tiny-skia takes over when no GPU starts (Xvfb has none); `--software` forces it.

use std::process::Command;

use tern::config::Config;

use super::{offline_account, paths};
use crate::support::xvfb::{self, Display};

fn xprop(display: &Display, window: &str, property: &str) -> String {
    let out = Command::new("xprop")
        .args(["-id", window, property])
        .env("DISPLAY", display.name())
        .output()
        .expect("run xprop (x11-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Polls `property` until `ready` accepts it (liveness: at once normally, up to 30 s);
/// returns the last value read either way.
fn xprop_until(display: &Display, window: &str, property: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let value = xprop(display, window, property);
        if ready(&value) || std::time::Instant::now() > deadline {
            return value;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_window_names_its_app_id_and_carries_its_icon() {
    if !xvfb::available() || Command::new("xprop").arg("-version").output().is_err() {
        eprintln!("skipped: needs Xvfb, xdotool, ImageMagick and xprop (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![offline_account("id")],
    }
    .save(&paths(dir.path()).accounts_file())
    .expect("accounts.toml");
    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");

    // The window has its title a moment before winit sets its class and icon.
    let class = xprop_until(&display, &window, "WM_CLASS", |v| v.contains("\"org.tern.Tern\""));
    assert!(class.contains("\"org.tern.Tern\""), "WM_CLASS: {class}");
    let icon = xprop_until(&display, &window, "_NET_WM_ICON", |v| v.contains("Icon ("));
    assert!(
        icon.contains("_NET_WM_ICON(CARDINAL)") && icon.contains("Icon ("),
        "the window carries an icon: {}",
        icon.chars().take(200).collect::<String>()
    );
}

/// Starts `tern ARGS` with ICED_BACKEND unset and returns once its window is mapped.
fn window_opens_without_a_backend_variable(args: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![offline_account("gpu")],
    }
    .save(&paths(dir.path()).accounts_file())
    .expect("accounts.toml");
    let display = Display::start();
    let mut cmd = xvfb::command(&display, dir.path());
    cmd.env_remove("ICED_BACKEND").args(args);
    let _app = xvfb::App {
        child: cmd.spawn().expect("start tern"),
    };
    let window = display.wait_window("Tern");
    assert!(!window.is_empty());
}

#[test]
fn with_the_default_renderer_choice_the_window_opens_without_a_gpu() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    window_opens_without_a_backend_variable(&[]);
}

#[test]
fn software_flag_opens_the_window_with_the_cpu_renderer() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    window_opens_without_a_backend_variable(&["--software"]);
}
