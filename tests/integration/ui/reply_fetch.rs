//! Reply pressed on a message whose text is not downloaded yet (a slow connection, or
//! `r` right after the click): the worker fetches the body first and the composer opens
//! with the quoted text, instead of an error asking the user to wait and try again.

use tern::config::Security;
use tern::core::ReplyKind;
use tern::ui::Message;
use tern::ui::screen::mailbox::{self, list};

use super::Harness;
use crate::support::dovecot::Dovecot;
use crate::support::seed;

#[test]
fn reply_before_the_text_is_downloaded_opens_once_it_is() {
    let server = Dovecot::shared();
    let user = server.user("replyfetch");
    server.seed(&user, "INBOX", seed::messages(140, 0, 3));
    let acct = crate::sync::account(server, &user, Security::Tls);
    // Headers only in the cache (as after a first sync): no text is downloaded.
    let mut h = Harness::with_headers_synced(&acct);
    assert!(
        h.app.mailbox.list.loaded && h.app.mailbox.list.total == 3,
        "INBOX listed from the cache"
    );
    // Open the newest message and press Reply before any worker could fetch its text.
    let row = h.app.mailbox.list.rows[0].id;
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        row, 0,
    ))));
    h.send(Message::Mailbox(mailbox::Message::Compose(Some(
        ReplyKind::Reply,
    ))));
    assert!(h.app.composer.is_none(), "nothing to quote yet");
    assert!(
        h.app.notice.is_none(),
        "no error for a reply that only has to wait: {:?}",
        h.app.notice
    );

    // The worker comes up, fetches the body, and the composer opens with the reply.
    h.start_workers();
    h.pump_until(60, "the reply composer", |app| app.composer.is_some());
    let c = h.app.composer.as_ref().expect("composer");
    assert!(c.subject.starts_with("Re: "), "subject {:?}", c.subject);
    assert!(!c.to.is_empty(), "addressed to the sender");
    assert!(
        c.body.text().contains("> "),
        "the original is quoted: {:?}",
        c.body.text()
    );
}
