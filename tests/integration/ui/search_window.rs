//! The search field in the real `tern` window under Xvfb (issue 11 item 1): `/` focuses
//! it, typing narrows the list to the matches, Esc brings the folder back, a word only
//! the server can find (no body downloaded) brings its row from the server. Keyboard
//! only, so layout changes do not move its targets. With TERN_SCREENSHOT_OUT set the
//! frames are written there as PNGs.

use std::time::Duration;

use tern::config::{Config, Security};

use crate::support::dovecot::Dovecot;
use crate::support::xvfb::{self, Display};

/// Liveness limit for each step to show on screen (normally a frame or two).
const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn typing_in_the_search_field_narrows_the_list_and_esc_restores_it() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let server = Dovecot::shared();
    let user = server.user("searchwin");
    for (folder, m) in crate::search::special_messages() {
        server.seed(&user, folder, [m]);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![crate::sync::account(server, &user, Security::Tls)],
    }
    .save(&dir.path().join("config/accounts.toml"))
    .expect("accounts.toml");
    let status = std::process::Command::new(xvfb::tern_binary())
        .arg("sync")
        .env("TERN_CONFIG_DIR", dir.path().join("config"))
        .env("TERN_DATA_DIR", dir.path().join("data"))
        .status()
        .expect("run tern sync");
    assert!(status.success(), "tern sync failed");

    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    // Liveness, not speed: first frames, then each step has seconds to show.
    std::thread::sleep(Duration::from_secs(3));
    let out = std::env::var_os("TERN_SCREENSHOT_OUT").map(std::path::PathBuf::from);
    let png = |name: &str| out.as_ref().map(|d| d.join(format!("search-window-{name}.png")));
    // The list's rows, relative to the 1280x800 screen: below the header, right of
    // the folders, left of the reader.
    let rows = (280, 110, 640, 400);
    let (x0, y0, x1, y1) = rows;
    let before = display.screenshot_until(LIMIT, png("folder").as_deref(), |_| true);

    display.xdotool(&["key", "slash"]);
    std::thread::sleep(Duration::from_millis(500));
    display.type_text("quarterly", 40);
    // Liveness: the list narrows within a frame or two; allow 30 s.
    let found = display.screenshot_until(LIMIT, png("found").as_deref(), |s| {
        before.changed_share(s, x0, y0, x1, y1, 24) > 0.005
    });
    let narrowed = before.changed_share(&found, x0, y0, x1, y1, 24);
    assert!(
        narrowed > 0.005,
        "the list did not change after typing ({:.2} %)",
        narrowed * 100.0
    );

    display.xdotool(&["key", "Escape"]);
    let cleared = display.screenshot_until(LIMIT, png("cleared").as_deref(), |s| {
        before.changed_share(s, x0, y0, x1, y1, 24) < narrowed / 4.0
    });
    let back = before.changed_share(&cleared, x0, y0, x1, y1, 24);
    assert!(
        back < narrowed / 4.0,
        "Esc did not bring the folder back ({:.2} % differ, search changed {:.2} %)",
        back * 100.0,
        narrowed * 100.0
    );

    // A word only in a body (none is downloaded): the cache finds nothing, the
    // account's server does, and its row joins the list. Compared with a query that
    // matches nothing anywhere, so the difference is the server's result.
    display.xdotool(&["key", "slash"]);
    std::thread::sleep(Duration::from_millis(500));
    display.type_text("zzqqxx", 40);
    // Nothing matches: the list empties.
    let nothing = display.screenshot_until(LIMIT, png("nothing").as_deref(), |s| {
        cleared.changed_share(s, x0, y0, x1, y1, 24) > 0.005
    });
    display.xdotool(&["key", "Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    display.xdotool(&["key", "slash"]);
    std::thread::sleep(Duration::from_millis(500));
    display.type_text("numbers", 40);
    // The server is asked once typing pauses (400 ms) and answers in well under a
    // second; allow 30 s.
    let server = display.screenshot_until(LIMIT, png("server").as_deref(), |s| {
        nothing.changed_share(s, x0, y0, x1, y1, 24) > 0.005
    });
    let arrived = nothing.changed_share(&server, x0, y0, x1, y1, 24);
    assert!(
        arrived > 0.005,
        "no server result appeared in the list ({:.2} %)",
        arrived * 100.0
    );
}
