//! Remote images in the reader (issue 12 item 3): blocked when a message opens; the
//! notice strip offers "Show images" (this message) and "Always for this sender"
//! (remembered in the user database, revocable in settings). Nothing is fetched before
//! one of them was chosen; the engine's fetcher does the HTTP, `images::decode` the
//! pixels (on the blocking pool, within the pixel cap).

use iced::widget::{button, container, row, text};
use iced::{Alignment, Element, Length, Task};

use super::reader::{self, Notice, Opened};
use crate::core::{MessageId, TernError};
use crate::engine::remote_images::{FetchError, Fetcher, fetchable};
use crate::fl;
use crate::images::{DecodeError, DecodedImage, decode};
use crate::mime::MessageView;
use crate::store::Store;
use crate::ui::env::Env;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon};

/// Why a remote image is not drawn after it was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Fetch(FetchError),
    Decode(DecodeError),
}

#[derive(Debug, Clone)]
pub enum Message {
    /// "Show images": fetch this message's remote images.
    Show,
    /// "Always for this sender": remember the sender, then show.
    Always,
    /// Whether the open message's sender is on the "always" list.
    SenderChecked(MessageId, bool),
    Remembered(MessageId, Result<(), TernError>),
    Fetched(MessageId, String, Result<DecodedImage, Failure>),
}

/// What the open message has of remote images.
#[derive(Debug, Default)]
pub struct Remote {
    /// The image URLs "Show images" fetches (no tracking pixels).
    pub urls: Vec<String>,
    /// The sender's address (lower-case), for "Always for this sender".
    pub sender: Option<String>,
    /// The sender's "always" choice was looked up.
    pub checked: bool,
    /// Images were asked for (by a click or the "always" list).
    pub shown: bool,
    /// The sender is on the "always" list.
    pub always: bool,
}

/// When a message opens: notes its remote images and looks up its sender's choice (the
/// images are fetched right away only when the sender is on the "always" list).
pub fn on_open(
    o: &mut Opened,
    view: &MessageView,
    env: &Env,
    account: Option<&str>,
) -> Task<reader::Message> {
    let urls = fetchable(all_blocks(view), env.remote_images.max_images);
    let sender = view
        .from
        .first()
        .map(|a| a.email.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    o.remote = Remote {
        urls,
        sender: sender.clone(),
        ..Remote::default()
    };
    let (Some(address), Some(account), false) = (sender, account, o.remote.urls.is_empty()) else {
        o.remote.checked = true;
        return Task::none();
    };
    let account = account.to_string();
    let id = o.id;
    let db = env.db.clone();
    Task::perform(
        async move {
            db.read(move |s| s.remote_images_allowed(&account, &address))
                .await
        },
        move |r| {
            if let Err(e) = &r {
                tracing::warn!("the remote image senders could not be read: {e}");
            }
            reader::Message::Remote(Message::SenderChecked(id, r.unwrap_or(false)))
        },
    )
}

/// The blocks of the body and of the attached messages' cards (their images are part of
/// what "Show images" shows).
fn all_blocks(view: &MessageView) -> Vec<&crate::mime::Block> {
    let mut out: Vec<&crate::mime::Block> = view.blocks.iter().collect();
    for card in &view.attached {
        out.extend(all_blocks(&card.view));
    }
    out
}

pub fn update(o: &mut Opened, message: Message, env: &Env, account: Option<&str>) -> Task<reader::Message> {
    match message {
        Message::Show => fetch_all(o, env),
        Message::Always => {
            o.remote.always = true;
            let remember = match (account, o.remote.sender.clone()) {
                (Some(account), Some(address)) => {
                    let account = account.to_string();
                    let cache = env.paths.cache_db();
                    let id = o.id;
                    crate::ui::db::blocking(move || {
                        Store::open(&cache)?.allow_remote_images(&account, &address)
                    })
                    .map(move |r| reader::Message::Remote(Message::Remembered(id, r)))
                }
                _ => Task::none(),
            };
            Task::batch([remember, fetch_all(o, env)])
        }
        Message::SenderChecked(id, allowed) if id == o.id => {
            o.remote.checked = true;
            if allowed {
                o.remote.always = true;
                return fetch_all(o, env);
            }
            Task::none()
        }
        Message::Remembered(id, Err(e)) if id == o.id => {
            o.remote.always = false;
            o.notice = Some(Notice::Error(e));
            Task::none()
        }
        Message::Fetched(id, url, result) if id == o.id => {
            o.images.remote_done(&url, result);
            Task::none()
        }
        _ => Task::none(),
    }
}

/// Fetches every remote image of the open message once (each decoded off the UI thread).
fn fetch_all(o: &mut Opened, env: &Env) -> Task<reader::Message> {
    if o.remote.shown {
        return Task::none();
    }
    o.remote.shown = true;
    let fetcher = match Fetcher::new(&env.remote_images) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!("no client for remote images: {e}");
            for url in &o.remote.urls {
                o.images
                    .remote_done(url, Err(Failure::Fetch(FetchError::Unreachable)));
            }
            return Task::none();
        }
    };
    let id = o.id;
    let tasks: Vec<_> = o
        .remote
        .urls
        .iter()
        .map(|url| {
            o.images.remote_loading(url);
            let (fetcher, url) = (fetcher.clone(), url.clone());
            let fetching = url.clone();
            Task::perform(
                async move {
                    let bytes = fetcher.fetch(&fetching).await.map_err(Failure::Fetch)?;
                    tokio::task::spawn_blocking(move || decode(&bytes))
                        .await
                        .unwrap_or(Err(DecodeError::Damaged))
                        .map_err(Failure::Decode)
                },
                move |r| reader::Message::Remote(Message::Fetched(id, url.clone(), r)),
            )
        })
        .collect();
    Task::batch(tasks)
}

/// The strip above the body: remote images blocked, with "Show images" and "Always for
/// this sender" when there are images to show; nothing once they are shown.
pub fn notice<'a>(o: &'a Opened, view: &'a MessageView) -> Option<Element<'a, reader::Message>> {
    let blocked = view.remote_content_blocked || view.attached.iter().any(|c| c.view.remote_content_blocked);
    if o.remote.shown || (o.remote.urls.is_empty() && !blocked) {
        return None;
    }
    let mut line = row![
        icon(Icon::Shield, 16.0),
        text(fl!("reader-remote-blocked"))
            .size(theme::SMALL)
            .width(Length::Fill)
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    if !o.remote.urls.is_empty() {
        let action = |label: String, message: Message| {
            button(text(label).size(theme::SMALL))
                .padding([3, 10])
                .style(button::secondary)
                .on_press(reader::Message::Remote(message))
        };
        line = line.push(action(fl!("reader-show-images"), Message::Show));
        if o.remote.sender.is_some() {
            line = line.push(action(fl!("reader-always-images"), Message::Always));
        }
    }
    Some(
        container(line)
            .padding([8, 12])
            .width(Length::Fill)
            .style(theme::notice)
            .into(),
    )
}
