//! The reader's state machine: load the cached body (or ask the worker to fetch it),
//! and the attachment actions (save, save all, open) with progress and cancel.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;
use iced::task::Handle;

use super::download::{self, Picked};
use super::reader_images::{Contents, InlineImages, decode_file, inline_sections};
use crate::config::AccountConfig;
use crate::core::{AccountId, ErrorKind, MessageId, TernError};
use crate::engine::transfer::Destination;
use crate::engine::{tree_of, view_of};
use crate::files::PendingDir;
use crate::images::{DecodeError, DecodedImage};
use crate::mime::{MessageView, part_contents, sanitize_filename};
use crate::store::MessageLocation;
use crate::ui::db::Db;
use crate::ui::env::Env;

#[derive(Debug, Clone)]
pub enum Body {
    Loading,
    /// Not cached: the worker was asked to fetch it.
    Fetching,
    Ready(Arc<MessageView>),
    Failed(TernError),
}

#[derive(Debug)]
pub struct Download {
    pub done: u64,
    pub total: u64,
    pub opening: bool,
    _handle: Handle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Saved(PathBuf),
    Error(TernError),
    /// No file dialog could be shown; offer to save into `dir`.
    NoDialog {
        parts: Vec<String>,
        all: bool,
        dir: PathBuf,
    },
}

#[derive(Debug)]
pub struct Opened {
    pub account: AccountId,
    pub id: MessageId,
    pub body: Body,
    pub location: Option<Arc<MessageLocation>>,
    pub downloads: BTreeMap<String, Download>,
    /// A file that needs the user's yes before it is opened, and why.
    pub confirm: Option<(PathBuf, TernError)>,
    pub notice: Option<Notice>,
    /// The quoted history of a reply is unfolded.
    pub show_quoted: bool,
    /// The part of the page on screen (long bodies lay out only what is near it).
    pub window: super::reader_blocks::Window,
    pub images: InlineImages,
    pub remote: super::reader_remote::Remote,
    /// Attached messages whose card is folded, by section.
    pub folded_cards: std::collections::BTreeSet<String>,
}

#[derive(Debug, Default)]
pub struct Reader {
    pub open: Option<Opened>,
    /// Account name -> last folder saved to.
    pub save_dirs: BTreeMap<String, PathBuf>,
    /// Where saving starts for an account with no folder of its own (Settings; by
    /// default the Downloads folder).
    pub default_dir: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Loaded {
    pub location: Arc<MessageLocation>,
    pub view: Option<Arc<MessageView>>,
    /// Inline images that came with the body.
    pub images: Contents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Save(String),
    SaveAll,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Save {
        chosen: Option<PathBuf>,
    },
    Open,
    /// Draw the downloaded inline image in the body.
    Show,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(MessageId, Result<Loaded, TernError>),
    Save(String),
    SaveAll,
    OpenPart(String),
    Picked(MessageId, Target, Picked),
    SaveInto {
        parts: Vec<String>,
        all: bool,
        dir: PathBuf,
    },
    Progress(MessageId, String, u64, u64),
    Finished(MessageId, String, After, Result<PathBuf, TernError>),
    Opened(Result<(), TernError>, PathBuf),
    Cancel(String),
    ConfirmOpen,
    CancelOpen,
    Dismiss,
    Link(String),
    /// Fold or unfold the quoted history.
    ToggleQuoted,
    /// Show the sanitised HTML in the default browser.
    OpenInBrowser,
    /// The reader's page was scrolled or resized.
    Scrolled(iced::widget::scrollable::Viewport),
    /// Reply, reply all or forward the open message.
    Respond(crate::core::ReplyKind),
    /// Download and show an inline image that did not come with the body.
    LoadImage(String),
    ImageDecoded(MessageId, String, Result<DecodedImage, DecodeError>),
    /// Fold or unfold the card of an attached message.
    ToggleCard(String),
    /// Remote images: show, always for this sender, and their results.
    Remote(super::reader_remote::Message),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    FetchBody(AccountId, MessageId),
    RememberDir(String, PathBuf),
    Respond(AccountId, MessageId, crate::core::ReplyKind),
    /// A `mailto:` link was clicked: write to its address (from this account).
    Mailto(AccountId, Box<crate::core::Draft>),
}

/// Reads the cached body and builds its view, on the blocking pool.
fn load(id: MessageId, db: &Db) -> Task<Message> {
    let db = db.clone();
    Task::perform(
        async move {
            db.read(move |s| {
                let location = s.message_location(id)?.ok_or_else(|| {
                    TernError::new(ErrorKind::NotFound, "The message is no longer in the cache.")
                        .with_text(crate::core::Text::new("err-not-cached"))
                })?;
                let (view, images) = match s.body(id)? {
                    Some(raw) => {
                        let view = view_of(&raw, &tree_of(&location)?)?;
                        let images = part_contents(&raw, &inline_sections(&view));
                        (Some(Arc::new(view)), Contents(images))
                    }
                    None => (None, Contents::default()),
                };
                Ok(Loaded {
                    location: Arc::new(location),
                    view,
                    images,
                })
            })
            .await
        },
        move |r| Message::Loaded(id, r),
    )
}

impl Reader {
    /// Shows a message (downloads of the previous one are cancelled).
    pub fn show(&mut self, account: AccountId, id: MessageId, db: &Db) -> Task<Message> {
        if self.open.as_ref().is_some_and(|o| o.id == id) {
            return Task::none();
        }
        self.open = Some(Opened {
            account,
            id,
            body: Body::Loading,
            location: None,
            downloads: BTreeMap::new(),
            confirm: None,
            notice: None,
            show_quoted: false,
            window: Default::default(),
            images: InlineImages::default(),
            remote: Default::default(),
            folded_cards: Default::default(),
        });
        load(id, db)
    }

    pub fn close(&mut self) {
        self.open = None;
    }

    pub fn showing(&self) -> Option<MessageId> {
        self.open.as_ref().map(|o| o.id)
    }

    /// The worker stored the body.
    pub fn body_ready(&mut self, id: MessageId, db: &Db) -> Task<Message> {
        match &mut self.open {
            Some(o) if o.id == id && !matches!(o.body, Body::Ready(_)) => {
                o.body = Body::Loading;
                load(id, db)
            }
            _ => Task::none(),
        }
    }

    /// The account is back online: a message whose body failed to download is asked
    /// for again (the reader does not keep showing a stale connection error).
    pub fn account_back(&mut self, account: AccountId, db: &Db) -> Task<Message> {
        match &mut self.open {
            Some(o) if o.account == account && matches!(o.body, Body::Failed(_)) => {
                o.body = Body::Loading;
                o.location = None;
                load(o.id, db)
            }
            _ => Task::none(),
        }
    }

    pub fn body_failed(&mut self, id: MessageId, error: TernError) {
        if let Some(o) = &mut self.open
            && o.id == id
            && matches!(o.body, Body::Fetching | Body::Loading)
        {
            o.body = Body::Failed(error);
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        env: &Env,
        account: Option<&AccountConfig>,
    ) -> (Task<Message>, Option<Event>) {
        let Some(o) = &mut self.open else {
            return (Task::none(), None);
        };
        let name = account.map(|a| a.name.clone()).unwrap_or_default();
        match message {
            Message::Loaded(id, result) if id == o.id => match result {
                Ok(Loaded {
                    location,
                    view: Some(view),
                    images,
                }) => {
                    o.location = Some(location);
                    let (state, decoding) = InlineImages::start(o.id, &view, images);
                    o.images = state;
                    let remote =
                        super::reader_remote::on_open(o, &view, env, account.map(|a| a.name.as_str()));
                    o.body = Body::Ready(view);
                    return (Task::batch([decoding, remote]), None);
                }
                Ok(Loaded {
                    location, view: None, ..
                }) => {
                    let first_time = !matches!(o.body, Body::Fetching) && o.location.is_none();
                    o.location = Some(location);
                    if first_time {
                        o.body = Body::Fetching;
                        return (Task::none(), Some(Event::FetchBody(o.account, o.id)));
                    }
                    o.body = Body::Failed(
                        TernError::new(ErrorKind::NotFound, "The message could not be downloaded.")
                            .with_text(crate::core::Text::new("err-not-downloaded")),
                    );
                }
                Err(e) => o.body = Body::Failed(e),
            },
            Message::Save(part) => {
                let Some(name_of) = attachment_name(o, &part) else {
                    return (Task::none(), None);
                };
                let id = o.id;
                let dir = self.save_dirs.get(&name).or(self.default_dir.as_ref()).cloned();
                return (
                    Task::perform(download::save_dialog(dir, name_of), move |p| {
                        Message::Picked(id, Target::Save(part.clone()), p)
                    }),
                    None,
                );
            }
            Message::SaveAll => {
                let id = o.id;
                let dir = self.save_dirs.get(&name).or(self.default_dir.as_ref()).cloned();
                return (
                    Task::perform(download::folder_dialog(dir), move |p| {
                        Message::Picked(id, Target::SaveAll, p)
                    }),
                    None,
                );
            }
            Message::Picked(id, target, picked) if id == o.id => match (target, picked) {
                (_, Picked::Cancelled) => {}
                (target, Picked::NoDialog) => {
                    let last = self.save_dirs.get(&name).or(self.default_dir.as_ref());
                    if let Some(dir) = download::fallback_dir(last) {
                        let (parts, all) = match target {
                            Target::Save(p) => (vec![p], false),
                            Target::SaveAll => (Vec::new(), true),
                        };
                        o.notice = Some(Notice::NoDialog { parts, all, dir });
                    }
                }
                (Target::Save(part), Picked::Path(path)) => {
                    let Some(dir) = path.parent().map(PathBuf::from) else {
                        return (Task::none(), None);
                    };
                    let task = start(
                        o,
                        env,
                        account,
                        part,
                        dir.clone(),
                        After::Save { chosen: Some(path) },
                    );
                    self.save_dirs.insert(name.clone(), dir.clone());
                    return (task, Some(Event::RememberDir(name, dir)));
                }
                (Target::SaveAll, Picked::Path(dir)) => {
                    let task = save_all(o, env, account, &dir);
                    self.save_dirs.insert(name.clone(), dir.clone());
                    return (task, Some(Event::RememberDir(name, dir)));
                }
            },
            Message::SaveInto { parts, all, dir } => {
                o.notice = None;
                let task = if all {
                    save_all(o, env, account, &dir)
                } else {
                    Task::batch(
                        parts
                            .into_iter()
                            .map(|p| start(o, env, account, p, dir.clone(), After::Save { chosen: None })),
                    )
                };
                self.save_dirs.insert(name.clone(), dir.clone());
                return (task, Some(Event::RememberDir(name, dir)));
            }
            Message::OpenPart(part) => {
                let dir = env.opened_dir().join(o.id.to_string());
                return (start(o, env, account, part, dir, After::Open), None);
            }
            Message::Progress(id, part, done, total) if id == o.id => {
                if let Some(d) = o.downloads.get_mut(&part) {
                    d.done = done;
                    d.total = total;
                }
            }
            Message::Finished(id, part, after, result) if id == o.id => {
                o.downloads.remove(&part);
                match (after, result) {
                    (After::Save { .. }, Ok(path)) => {
                        o.notice = Some(Notice::Saved(path));
                    }
                    (After::Open, Ok(path)) => {
                        return (
                            Task::perform(download::open_file(path.clone(), false), move |r| {
                                Message::Opened(r, path.clone())
                            }),
                            None,
                        );
                    }
                    (After::Show, Ok(path)) => return (decode_file(id, part, path), None),
                    (after, Err(e)) => {
                        if after == After::Show {
                            o.images.download_failed(&part);
                        }
                        o.notice = Some(Notice::Error(e));
                    }
                }
            }
            Message::LoadImage(part) => {
                o.images.loading(&part);
                let dir = env.opened_dir().join(o.id.to_string());
                return (start(o, env, account, part, dir, After::Show), None);
            }
            Message::ImageDecoded(id, part, result) if id == o.id => o.images.decoded(&part, result),
            Message::Remote(m) => {
                let account = account.map(|a| a.name.as_str());
                return (super::reader_remote::update(o, m, env, account), None);
            }
            Message::Opened(result, path) => match result {
                Ok(()) => {}
                Err(e) if e.kind == ErrorKind::NeedsConfirmation => o.confirm = Some((path, e)),
                Err(e) => o.notice = Some(Notice::Error(e)),
            },
            Message::ConfirmOpen => {
                if let Some((path, _)) = o.confirm.take() {
                    return (
                        Task::perform(download::open_file(path.clone(), true), move |r| {
                            Message::Opened(r, path.clone())
                        }),
                        None,
                    );
                }
            }
            Message::CancelOpen => o.confirm = None,
            Message::Cancel(part) => {
                // Dropping the handle aborts the task; save_part's future removes its temp file.
                o.downloads.remove(&part);
            }
            Message::Dismiss => o.notice = None,
            Message::Respond(kind) => return (Task::none(), Some(Event::Respond(o.account, o.id, kind))),
            Message::ToggleQuoted => o.show_quoted = !o.show_quoted,
            // A folded card unfolds in the guard (removed); an open one folds here.
            Message::ToggleCard(part) if !o.folded_cards.remove(&part) => {
                o.folded_cards.insert(part);
            }
            Message::Scrolled(viewport) => o.window = super::reader_blocks::Window::of(&viewport),
            Message::OpenInBrowser => {
                if let Some(task) = super::browser::open_task(o, env) {
                    return (task, None);
                }
            }
            Message::Link(target) if target.starts_with("mailto:") => {
                if let Some(draft) = crate::mime::mailto::draft(&target) {
                    return (Task::none(), Some(Event::Mailto(o.account, Box::new(draft))));
                }
            }
            Message::Link(target) if target.starts_with("https://") || target.starts_with("http://") => {
                let _ = open::that_detached(&target);
            }
            _ => {}
        }
        (Task::none(), None)
    }
}

fn attachment_name(o: &Opened, part: &str) -> Option<String> {
    match &o.body {
        Body::Ready(view) => name_in(view, part),
        _ => None,
    }
}

/// The safe name of `part`, in the message or inside one of its attached messages.
fn name_in(view: &MessageView, part: &str) -> Option<String> {
    view.attachments
        .iter()
        .find(|a| a.part == part)
        .map(|a| a.safe_filename.clone())
        .or_else(|| view.attached.iter().find_map(|c| name_in(&c.view, part)))
}

/// Starts downloading `part` into `dir`.
fn start(
    o: &mut Opened,
    env: &Env,
    account: Option<&AccountConfig>,
    part: String,
    dir: PathBuf,
    after: After,
) -> Task<Message> {
    let (Some(account), Some(location)) = (account, o.location.clone()) else {
        return Task::none();
    };
    if o.downloads.contains_key(&part) {
        return Task::none();
    }
    let id = o.id;
    // A name the user chose in the save dialog is the transfer's final name.
    let to = match &after {
        After::Save { chosen: Some(file) } => Destination::File(file.clone()),
        _ => Destination::Folder(dir),
    };
    let sipper = download::download(
        account.clone(),
        env.secrets.clone(),
        env.tuning.clone(),
        location,
        part.clone(),
        to,
    );
    let (p1, p2) = (part.clone(), part.clone());
    let opening = after == After::Open;
    let (task, handle) = Task::sip(
        sipper,
        move |(done, total)| Message::Progress(id, p1.clone(), done, total),
        move |r| Message::Finished(id, p2, after, r),
    )
    .abortable();
    o.downloads.insert(
        part,
        Download {
            done: 0,
            total: 0,
            opening,
            _handle: handle.abort_on_drop(),
        },
    );
    task
}

/// Saves every attachment into a new folder named after the message, inside `parent`.
fn save_all(
    o: &mut Opened,
    env: &Env,
    account: Option<&AccountConfig>,
    parent: &std::path::Path,
) -> Task<Message> {
    let Body::Ready(view) = &o.body else {
        return Task::none();
    };
    let view = view.clone();
    let folder = sanitize_filename(Some(&view.subject), "inode/directory");
    let folder = folder.trim_end_matches(".bin").to_string();
    match PendingDir::create(parent, &folder) {
        Ok(dir) => Task::batch(
            view.attachments
                .iter()
                .map(|a| {
                    start(
                        o,
                        env,
                        account,
                        a.part.clone(),
                        dir.clone(),
                        After::Save { chosen: None },
                    )
                })
                .collect::<Vec<_>>(),
        ),
        Err(e) => {
            o.notice = Some(Notice::Error(e));
            Task::none()
        }
    }
}
