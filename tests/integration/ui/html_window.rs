//! Real corpus newsletters and a reply in the real `tern` window under Xvfb (issue 12,
//! item 4): each message must draw a body in the reader pane, and every message must
//! look different. With TERN_SCREENSHOT_OUT set the frames are written there as PNGs
//! (resources/screenshots/html-*.png were made this way and looked at).

use std::time::Duration;

use tern::config::{Config, Security};

use crate::support::dovecot::{Dovecot, SeedMessage};
use crate::support::xvfb::{self, Display};

/// Corpus messages with HTML bodies: two newsletters (remote images, lists, layout
/// tables) and a reply with an inline image and quoted history.
const MESSAGES: [&str; 3] = [
    "messages/deltachat-core/wrong-html.eml",
    "messages/ruby-mail/error_emails__content_transfer_encoding_with_8bits.eml",
    "messages/spamassassin/welcomelists__winxpnews.com.eml",
];

/// The reader pane on a 1280x800 screen (right of the list).
const READER: (u32, u32, u32, u32) = (700, 80, 1270, 780);

/// Seeds `raws` into a new user's INBOX and syncs a cache for it into `dir`.
pub(crate) fn synced_account(user_name: &str, raws: Vec<Vec<u8>>, dir: &std::path::Path) {
    let server = Dovecot::shared();
    let user = server.user(user_name);
    let now = tern::ui::format::now();
    let seeds = raws.into_iter().enumerate().map(|(i, raw)| SeedMessage {
        raw,
        maildir_flags: String::new(),
        date: now - 3600 * (10 - i as i64),
    });
    server.seed(&user, "INBOX", seeds);
    let account = crate::sync::account(server, &user, Security::Tls);
    Config {
        accounts: vec![account],
    }
    .save(&dir.join("config/accounts.toml"))
    .expect("accounts.toml");
    let status = std::process::Command::new(xvfb::tern_binary())
        .arg("sync")
        .env("TERN_CONFIG_DIR", dir.join("config"))
        .env("TERN_DATA_DIR", dir.join("data"))
        .status()
        .expect("run tern sync");
    assert!(status.success(), "tern sync failed");
}

#[test]
fn corpus_html_messages_draw_in_the_real_window() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let raws = MESSAGES
        .iter()
        .map(|path| std::fs::read(crate::mime::repo().join("tests/corpus").join(path)).expect("corpus file"))
        .collect();
    synced_account("htmlshot", raws, dir.path());

    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    // Let the first frames settle (fonts, layout, the list).
    std::thread::sleep(Duration::from_secs(3));
    let out = std::env::var_os("TERN_SCREENSHOT_OUT").map(std::path::PathBuf::from);
    let empty = display.screenshot(None);
    let (x0, y0, x1, y1) = READER;
    let mut shots = Vec::new();
    for (i, _) in MESSAGES.iter().enumerate() {
        // Click the i-th row of the list (rows are 60 px high from y = 100).
        display.click_at(470, 130 + 60 * i as u32);
        // Liveness, not speed: the body is parsed and drawn in well under a second;
        // the shot is taken once the reader shows something new and has settled.
        let png = out.as_ref().map(|d| d.join(format!("html-window-{i}.png")));
        let shot = display.screenshot_until(Duration::from_secs(30), png.as_deref(), |s| {
            empty.changed_share(s, x0, y0, x1, y1, 24) > 0.005
                && shots
                    .last()
                    .is_none_or(|p: &xvfb::Screenshot| p.changed_share(s, x0, y0, x1, y1, 24) > 0.005)
        });
        let changed = empty.changed_share(&shot, x0, y0, x1, y1, 24);
        assert!(
            changed > 0.005,
            "message {i}: the reader pane barely changed ({:.2} %)",
            changed * 100.0
        );
        shots.push(shot);
    }
    for i in 1..shots.len() {
        let differs = shots[i - 1].changed_share(&shots[i], x0, y0, x1, y1, 24);
        assert!(
            differs > 0.005,
            "messages {} and {i} look the same in the reader",
            i - 1
        );
    }
}

/// A 5,000-paragraph message (only the blocks near the window are laid out): scrolling
/// far down with the wheel shows later paragraphs, not blank space.
#[test]
fn a_very_long_message_scrolls_in_the_real_window() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let mut body = String::new();
    for i in 0..5_000 {
        body.push_str(&format!(
            "<p>Paragraph {i}: the quick brown fox jumps over the lazy dog.</p>\r\n"
        ));
    }
    let raw = format!(
        "From: Long <long@example.org>\r\nTo: me@example.org\r\nSubject: Very long\r\n\
         Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>{body}</body></html>\r\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    synced_account("htmllong", vec![raw.into_bytes()], dir.path());
    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    std::thread::sleep(Duration::from_secs(3));
    let (x0, y0, x1, y1) = READER;
    let empty = display.screenshot(None);
    display.click_at(470, 130);
    let out = std::env::var_os("TERN_SCREENSHOT_OUT").map(std::path::PathBuf::from);
    let top = display.screenshot_until(
        Duration::from_secs(30),
        out.as_ref().map(|d| d.join("html-long-top.png")).as_deref(),
        |s| empty.changed_share(s, x0, y0, x1, y1, 24) > 0.005,
    );
    display.xdotool(&["mousemove", "1000", "400"]);
    let mut previous = top;
    for step in 0..4 {
        // 60 wheel clicks: many screens down, far past the first laid-out blocks.
        display.xdotool(&["click", "--repeat", "60", "--delay", "5", "5"]);
        let png = out.as_ref().map(|d| d.join(format!("html-long-{step}.png")));
        let shot = display.screenshot_until(Duration::from_secs(30), png.as_deref(), |s| {
            previous.changed_share(s, x0, y0, x1, y1, 24) > 0.01
        });
        let moved = previous.changed_share(&shot, x0, y0, x1, y1, 24);
        assert!(
            moved > 0.01,
            "scroll step {step}: the reader did not change ({:.2} %)",
            moved * 100.0
        );
        // Text is still drawn (not a blank spacer): enough dark pixels in the pane.
        let brightness = shot.mean_brightness(x0, y0, x1, y1);
        assert!(
            brightness < 250.0,
            "scroll step {step}: the pane is blank ({brightness:.1})"
        );
        previous = shot;
    }
}
