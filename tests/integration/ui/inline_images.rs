//! Inline images in the reader (issue 12 item 2), against the harness Dovecot: a `cid:`
//! logo of an HTML message and an Apple-style photo after the text come with the body
//! and are drawn (their alt/placeholder text is gone); a big one waits behind "Load
//! image" until clicked, then is downloaded and drawn too.

use std::io::Cursor;

use base64::Engine;
use image::{ImageFormat, Rgb, RgbImage};
use tern::config::Security;
use tern::fl;
use tern::ui::Message;
use tern::ui::screen::mailbox::reader::Body;
use tern::ui::screen::mailbox::reader_images::State;
use tern::ui::screen::mailbox::{self, list};

use super::Harness;
use crate::support::dovecot::Dovecot;

fn png(w: u32, h: u32, noisy: bool) -> String {
    let mut seed = 7u32;
    let img = RgbImage::from_fn(w, h, |x, y| {
        if noisy {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let b = seed.to_be_bytes();
            Rgb([b[0], b[1], b[2]])
        } else {
            Rgb([(x * 4) as u8, (y * 4) as u8, 200])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).expect("png");
    let b64 = base64::engine::general_purpose::STANDARD.encode(out.into_inner());
    b64.as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// HTML with a `cid:` logo, an Apple-style photo after it, and a 1.5 MB image that is
/// over the "comes with the body" size.
pub(crate) fn message() -> Vec<u8> {
    format!(
        "From: Shop <shop@example.org>\r\nTo: ui@example.org\r\nSubject: Pictures inside\r\n\
         Date: Mon, 6 May 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
         --m\r\nContent-Type: multipart/related; boundary=\"r\"\r\n\r\n\
         --r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <p>Our logo:</p><img src=\"cid:logo@shop\" alt=\"Shop logo\"><p>Thanks!</p>\r\n\
         --r\r\nContent-Type: image/png\r\nContent-ID: <logo@shop>\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --r--\r\n\
         --m\r\nContent-Type: image/png; name=photo.png\r\nContent-Disposition: inline; filename=photo.png\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --m\r\nContent-Type: image/png; name=big.png\r\nContent-Disposition: inline; filename=big.png\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--m--\r\n",
        png(60, 30, false),
        png(40, 40, false),
        png(720, 720, true),
    )
    .into_bytes()
}

#[test]
fn inline_images_show_in_the_reader_and_big_ones_load_on_demand() {
    let server = Dovecot::shared();
    let user = server.user("uiimages");
    server.deliver(&user, "INBOX", &message());
    let mut h = Harness::with_accounts(&[crate::sync::account(server, &user, Security::Tls)]);
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 1
    });
    let id = h.app.mailbox.list.rows[0].id;
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        id, 0,
    ))));
    h.pump_until(60, "the body and its small images", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, Body::Ready(_)) && o.images.ready_count() == 2)
    });
    let (view, big) = {
        let o = h.app.mailbox.reader.open.as_ref().expect("open");
        let Body::Ready(view) = &o.body else {
            panic!("body")
        };
        let big = view
            .attachments
            .iter()
            .find(|a| a.safe_filename == "big.png")
            .expect("big.png listed")
            .part
            .clone();
        assert!(matches!(o.images.state(&big), Some(State::OnDemand)));
        (view.clone(), big)
    };
    assert_eq!(view.inline_parts().count(), 3, "{:?}", view.attachments);
    // Drawn images replace their placeholders; the big one offers to load.
    let big_size = view
        .attachments
        .iter()
        .find(|a| a.part == big)
        .map_or(0, |a| a.size);
    let load = fl!("reader-image-load", size = tern::ui::format::size(big_size));
    h.ui(|ui| {
        assert!(ui.find("Our logo:").is_ok(), "the text is shown");
        assert!(
            ui.find("Shop logo").is_err(),
            "the logo is drawn, not its alt text"
        );
        ui.click(load.as_str())
            .expect("a 'Load image' button for the big image");
    });
    h.pump_until(60, "the big image", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| o.images.ready_count() == 3)
    });
}

/// The same message in the real `tern` window under Xvfb: the reader pane draws the
/// images (it differs clearly from the empty window). With TERN_SCREENSHOT_OUT set the
/// frame is written there (resources/screenshots/inline-images.png was made this way).
#[test]
fn inline_images_draw_in_the_real_window() {
    use crate::support::xvfb::{self, Display};
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    super::html_window::synced_account("imageshot", vec![message()], dir.path());
    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    std::thread::sleep(std::time::Duration::from_secs(3));
    let empty = display.screenshot(None);
    // The only row of the list (rows are 60 px high from y = 100).
    display.click_at(470, 130);
    // Liveness, not speed: body, decoding and drawing take well under a second.
    std::thread::sleep(std::time::Duration::from_secs(4));
    let out = std::env::var_os("TERN_SCREENSHOT_OUT").map(std::path::PathBuf::from);
    let png = out.as_ref().map(|d| d.join("inline-images.png"));
    let shot = display.screenshot(png.as_deref());
    let changed = empty.changed_share(&shot, 700, 80, 1270, 780, 24);
    assert!(
        changed > 0.02,
        "the reader pane barely changed ({:.2} %)",
        changed * 100.0
    );
}
