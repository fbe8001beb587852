//! Inline images in the reader (issue 12 item 2): small ones come with the body and are
//! decoded on the blocking pool when the message opens; bigger ones show a placeholder
//! with "Load image", which downloads the part like "Open" does and then decodes the
//! file. A click on a shown image opens it full size in the default viewer; every
//! inline image is also in the attachment list for saving.

use std::collections::HashMap;
use std::path::PathBuf;

use iced::widget::image::Handle;
use iced::widget::{button, container, image, mouse_area, row};
use iced::{Alignment, Element, Task};

use super::reader::Message;
use super::reader_remote::Failure;
use crate::core::MessageId;
use crate::fl;
use crate::images::{DecodeError, DecodedImage, decode};
use crate::mime::{Attachment, MessageView};
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

/// The encoded content of inline images that came with the body, by section.
#[derive(Clone, Default)]
pub struct Contents(pub Vec<(String, Vec<u8>)>);

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Contents({} parts)", self.0.len())
    }
}

/// What the reader has for one inline image.
#[derive(Debug, Clone)]
pub enum State {
    /// Not downloaded with the body (too big): shown after a click.
    OnDemand,
    Loading,
    Ready(Handle),
    Failed(DecodeError),
    /// A remote image that could not be fetched (no answer, an error, over the caps).
    Unreachable,
}

/// The state of each inline image of the open message, by section.
#[derive(Debug, Default)]
pub struct InlineImages {
    states: HashMap<String, State>,
    /// Remote images by URL; absent until the user asked to show them.
    remote: HashMap<String, State>,
}

/// The sections of the inline images of `view`.
pub fn inline_sections(view: &MessageView) -> Vec<&str> {
    view.inline_parts()
        .filter(|a| a.content_type.starts_with("image/"))
        .map(|a| a.part.as_str())
        .collect()
}

fn decode_task(id: MessageId, part: String, bytes: Vec<u8>) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || decode(&bytes))
                .await
                .unwrap_or(Err(DecodeError::Damaged))
        },
        move |r| Message::ImageDecoded(id, part.clone(), r),
    )
}

/// Decodes a downloaded image file (read and decoded on the blocking pool).
pub fn decode_file(id: MessageId, part: String, path: PathBuf) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || match std::fs::read(&path) {
                Ok(bytes) => decode(&bytes),
                Err(_) => Err(DecodeError::Damaged),
            })
            .await
            .unwrap_or(Err(DecodeError::Damaged))
        },
        move |r| Message::ImageDecoded(id, part.clone(), r),
    )
}

impl InlineImages {
    /// Every inline image of `view` waits on demand except those in `contents`, which
    /// start decoding now.
    pub fn start(id: MessageId, view: &MessageView, contents: Contents) -> (Self, Task<Message>) {
        let mut states: HashMap<String, State> = inline_sections(view)
            .into_iter()
            .map(|s| (s.to_string(), State::OnDemand))
            .collect();
        let mut tasks = Vec::new();
        for (part, bytes) in contents.0 {
            if let Some(state) = states.get_mut(&part) {
                *state = State::Loading;
                tasks.push(decode_task(id, part, bytes));
            }
        }
        (
            InlineImages {
                states,
                remote: HashMap::new(),
            },
            Task::batch(tasks),
        )
    }

    /// "Load image" was clicked: the download runs.
    pub fn loading(&mut self, part: &str) {
        if let Some(state) = self.states.get_mut(part) {
            *state = State::Loading;
        }
    }

    pub fn decoded(&mut self, part: &str, result: Result<DecodedImage, DecodeError>) {
        if let Some(state) = self.states.get_mut(part) {
            *state = match result {
                Ok(img) => State::Ready(Handle::from_rgba(img.width, img.height, img.rgba)),
                Err(e) => State::Failed(e),
            };
        }
    }

    /// A failed download of an image: its placeholder offers to try again.
    pub fn download_failed(&mut self, part: &str) {
        if let Some(state) = self.states.get_mut(part) {
            *state = State::OnDemand;
        }
    }

    pub fn state(&self, part: &str) -> Option<&State> {
        self.states.get(part)
    }

    /// A remote image is being fetched.
    pub fn remote_loading(&mut self, url: &str) {
        self.remote.insert(url.to_string(), State::Loading);
    }

    /// A remote image was fetched and decoded, or why not.
    pub fn remote_done(&mut self, url: &str, result: Result<DecodedImage, Failure>) {
        let state = match result {
            Ok(img) => State::Ready(Handle::from_rgba(img.width, img.height, img.rgba)),
            Err(Failure::Decode(e)) => State::Failed(e),
            Err(Failure::Fetch(_)) => State::Unreachable,
        };
        self.remote.insert(url.to_string(), state);
    }

    pub fn remote_state(&self, url: &str) -> Option<&State> {
        self.remote.get(url.trim())
    }

    /// Remote images drawn (fetched, decoded and ready).
    pub fn remote_ready_count(&self) -> usize {
        self.remote
            .values()
            .filter(|s| matches!(s, State::Ready(_)))
            .count()
    }

    /// The element for a remote image (or an unresolved `cid:`): the placeholder until
    /// the user asked for it, then the picture or why it is missing.
    pub fn remote_view<'a>(&'a self, src: &str, alt: &'a str) -> Element<'a, Message> {
        match self.remote_state(src) {
            Some(State::Ready(handle)) => image(handle.clone()).into(),
            Some(State::Failed(_)) => placeholder_text(fl!("reader-image-failed")),
            Some(State::Unreachable) => placeholder_text(fl!("reader-image-unreachable")),
            _ => placeholder(alt, None),
        }
    }

    /// Images drawn (decoded and ready).
    pub fn ready_count(&self) -> usize {
        self.states
            .values()
            .filter(|s| matches!(s, State::Ready(_)))
            .count()
    }

    /// The element for an inline image: the picture scaled to the reader's width, or a
    /// placeholder saying why it is not there.
    pub fn view<'a>(&'a self, part: &'a Attachment, alt: &'a str) -> Element<'a, Message> {
        match self.state(&part.part) {
            Some(State::Ready(handle)) => mouse_area(image(handle.clone()))
                .on_press(Message::OpenPart(part.part.clone()))
                .interaction(iced::mouse::Interaction::Pointer)
                .into(),
            Some(State::OnDemand) => placeholder(
                alt,
                Some((
                    fl!("reader-image-load", size = format::size(part.size)),
                    Message::LoadImage(part.part.clone()),
                )),
            ),
            Some(State::Loading) => placeholder(alt, None),
            Some(State::Failed(_)) => placeholder_text(fl!("reader-image-failed")),
            Some(State::Unreachable) | None => placeholder(alt, None),
        }
    }
}

fn placeholder_text(label: String) -> Element<'static, Message> {
    container(
        row![icon(Icon::Image, 16.0), muted(label)]
            .spacing(8)
            .align_y(Alignment::Center),
    )
    .padding([6, 10])
    .style(theme::card)
    .into()
}

/// Where an image stands until it is shown: its alt text (or "Image"), and a button to
/// load it when it did not come with the body.
pub fn placeholder(alt: &str, action: Option<(String, Message)>) -> Element<'static, Message> {
    let label = if alt.is_empty() {
        fl!("reader-image")
    } else {
        alt.to_string()
    };
    let mut line = row![icon(Icon::Image, 16.0), muted(label)]
        .spacing(8)
        .align_y(Alignment::Center);
    if let Some((text, message)) = action {
        line = line.push(
            button(iced::widget::text(text).size(theme::SMALL))
                .padding([3, 10])
                .style(theme::flat)
                .on_press(message),
        );
    }
    container(line).padding([6, 10]).style(theme::card).into()
}
