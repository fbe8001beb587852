//! Settings beyond accounts (issue 17 item 10): the theme, when an opened message is
//! marked read, how often every folder is synced, and the folder attachments are saved
//! to by default. Each change is applied at once and kept in settings.toml.

use std::path::PathBuf;

use iced::widget::{button, checkbox, column, container, pick_list, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use super::mailbox::download::{Picked, folder_dialog};
use crate::fl;
use crate::ui::prefs::{Prefs, ThemeChoice};
use crate::ui::theme;
use crate::ui::widget::muted;

pub const SAVE_FOLDER_ID: &str = "settings-save-folder";

/// A choice in one of the lists, shown in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: T,
    label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Theme(ThemeChoice),
    /// In tenths of a second (0 = never).
    MarkRead(u32),
    SyncMinutes(u32),
    SaveFolder(String),
    BrowseSaveFolder,
    SaveFolderPicked(Picked),
    Conversations(bool),
}

/// What changed, for the app to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Theme,
    MarkRead,
    SyncInterval,
    SaveFolder,
    Conversations,
}

fn themes() -> Vec<Choice<ThemeChoice>> {
    vec![
        Choice {
            value: ThemeChoice::System,
            label: fl!("settings-theme-system"),
        },
        Choice {
            value: ThemeChoice::Light,
            label: fl!("settings-theme-light"),
        },
        Choice {
            value: ThemeChoice::Dark,
            label: fl!("settings-theme-dark"),
        },
    ]
}

/// Delays in tenths of a second.
fn delays() -> Vec<Choice<u32>> {
    let mut out = vec![
        Choice {
            value: 0,
            label: fl!("settings-mark-read-never"),
        },
        Choice {
            value: 1,
            label: fl!("settings-mark-read-at-once"),
        },
    ];
    for s in [15u32, 30, 100] {
        let n = format!("{}", s as f32 / 10.0).replace('.', &fl!("format-decimal-separator"));
        out.push(Choice {
            value: s,
            label: fl!("settings-mark-read-after", seconds = n),
        });
    }
    out
}

fn intervals() -> Vec<Choice<u32>> {
    [1u32, 3, 5, 15, 30, 60]
        .into_iter()
        .map(|m| Choice {
            value: m,
            label: fl!("settings-sync-every", minutes = m),
        })
        .collect()
}

/// Applies `message` to `prefs`; returns a task (the folder dialog) and what changed.
pub fn update(prefs: &mut Prefs, message: Message) -> (Task<Message>, Option<Changed>) {
    let changed = match message {
        Message::Theme(t) => {
            prefs.theme = t;
            Changed::Theme
        }
        Message::MarkRead(tenths) => {
            prefs.mark_read_delay = tenths as f32 / 10.0;
            Changed::MarkRead
        }
        Message::SyncMinutes(m) => {
            prefs.sync_minutes = m.max(1);
            Changed::SyncInterval
        }
        Message::SaveFolder(typed) => {
            let typed = typed.trim();
            prefs.save_folder = (!typed.is_empty()).then(|| PathBuf::from(typed));
            Changed::SaveFolder
        }
        Message::BrowseSaveFolder => {
            let start = prefs.default_save_dir();
            return (
                Task::perform(folder_dialog(start), Message::SaveFolderPicked),
                None,
            );
        }
        Message::SaveFolderPicked(Picked::Path(p)) => {
            prefs.save_folder = Some(p);
            Changed::SaveFolder
        }
        Message::Conversations(on) => {
            prefs.conversations = on;
            Changed::Conversations
        }
        Message::SaveFolderPicked(Picked::Cancelled) => return (Task::none(), None),
        // No dialog on this desktop: the path can be typed in the field.
        Message::SaveFolderPicked(Picked::NoDialog) => {
            return (iced::widget::operation::focus(SAVE_FOLDER_ID), None);
        }
    };
    (Task::none(), Some(changed))
}

/// The "General" section. `default_dir` is what an empty save folder means.
pub fn view<'a>(prefs: &'a Prefs, default_dir: String) -> Element<'a, Message> {
    let line = |label: String, control: Element<'a, Message>| -> Element<'a, Message> {
        row![text(label).size(theme::TEXT).width(Length::Fixed(220.0)), control]
            .spacing(12)
            .align_y(Alignment::Center)
            .into()
    };
    let themes = themes();
    let theme_now = themes.iter().find(|c| c.value == prefs.theme).cloned();
    let delays = delays();
    let tenths = (prefs.mark_read_delay * 10.0).round() as u32;
    let delay_now = delays.iter().min_by_key(|c| c.value.abs_diff(tenths)).cloned();
    let intervals = intervals();
    let interval_now = intervals
        .iter()
        .min_by_key(|c| c.value.abs_diff(prefs.sync_minutes))
        .cloned();
    let folder = prefs
        .save_folder
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let body = column![
        line(
            fl!("settings-theme"),
            pick_list(themes, theme_now, |c| Message::Theme(c.value))
                .text_size(theme::SMALL)
                .into()
        ),
        line(
            fl!("settings-mark-read"),
            pick_list(delays, delay_now, |c| Message::MarkRead(c.value))
                .text_size(theme::SMALL)
                .into()
        ),
        line(
            fl!("settings-sync"),
            pick_list(intervals, interval_now, |c| Message::SyncMinutes(c.value))
                .text_size(theme::SMALL)
                .into()
        ),
        line(
            fl!("settings-conversations"),
            checkbox(prefs.conversations)
                .label(fl!("settings-conversations-hint"))
                .text_size(theme::SMALL)
                .on_toggle(Message::Conversations)
                .into()
        ),
        line(
            fl!("settings-save-folder"),
            row![
                text_input(&default_dir, &folder)
                    .id(SAVE_FOLDER_ID)
                    .size(theme::SMALL)
                    .padding(6)
                    .on_input(Message::SaveFolder),
                button(text(fl!("setup-browse")).size(theme::SMALL))
                    .padding([6, 12])
                    .style(button::secondary)
                    .on_press(Message::BrowseSaveFolder),
            ]
            .spacing(8)
            .width(Length::Fill)
            .into()
        ),
        muted(fl!("settings-save-folder-hint")),
    ]
    .spacing(12);
    container(body).padding(14).style(theme::card).into()
}
