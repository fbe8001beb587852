//! What only pixels show (issue "What a new user meets", item 1): the real window under
//! Xvfb with the tiny-skia renderer. Typing into the welcome card used to darken it a
//! little with every repaint (container shadows are not cleared by tiny-skia's partial
//! redraws) until it was black. Here a person types 30 characters; the card must look
//! as it did in the first frame, apart from the text typed.

use std::time::Duration;

use crate::support::xvfb::{self, Display};

/// The welcome card's area on a 1280x800 screen (it is centred, at most 520 px wide).
const CARD: (u32, u32, u32, u32) = (380, 60, 900, 740);

#[test]
fn typing_into_the_setup_card_keeps_it_readable() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    // Let the first frames settle (fonts, layout).
    std::thread::sleep(Duration::from_secs(2));
    let shots = std::env::var_os("TERN_SCREENSHOT_OUT").map(std::path::PathBuf::from);
    let before = display.screenshot(shots.as_ref().map(|d| d.join("setup-before.png")).as_deref());

    // The address field has focus when the welcome card opens: type like a person.
    for chunk in ["Ann Example", " <ann@", "example.org>", "  typed!"] {
        display.type_text(chunk, 60);
        // Cursor blinks repaint too: give them time between the bursts.
        std::thread::sleep(Duration::from_millis(700));
    }
    std::thread::sleep(Duration::from_secs(1));
    let after = display.screenshot(
        shots
            .as_ref()
            .map(|d| d.join("setup-after-typing.png"))
            .as_deref(),
    );

    let (x0, y0, x1, y1) = CARD;
    let b0 = before.mean_brightness(x0, y0, x1, y1);
    let b1 = after.mean_brightness(x0, y0, x1, y1);
    // The typed text itself darkens a few pixels of one field: allow that, not a card
    // that turns grey or black.
    assert!(
        (b0 - b1).abs() < 6.0,
        "the card's brightness went from {b0:.1} to {b1:.1} while typing"
    );
    let changed = before.changed_share(&after, x0, y0, x1, y1, 24);
    // And the text reached the field (otherwise this test would prove nothing).
    let typed = before.changed_share(&after, x0, y0, x1, y1, 0);
    assert!(typed > 0.001, "nothing typed showed on the screen");
    assert!(
        changed < 0.06,
        "{:.1} % of the card's pixels changed while typing 30 characters",
        changed * 100.0
    );
}
