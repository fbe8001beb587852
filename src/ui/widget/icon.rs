//! Monochrome line icons (resources/icons/ui), tinted with the text colour.

use std::sync::LazyLock;

use iced::widget::{Svg, svg};
use iced::{Color, Theme};

use crate::core::FolderRole;

macro_rules! icons {
    ($($name:ident => $file:literal),* $(,)?) => {
        /// An icon from the bundled set.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Icon { $($name),* }

        impl Icon {
            fn handle(self) -> svg::Handle {
                $(
                    #[allow(non_upper_case_globals)]
                    static $name: LazyLock<svg::Handle> = LazyLock::new(|| {
                        svg::Handle::from_memory(include_bytes!(concat!("../../../resources/icons/ui/", $file, ".svg")).as_slice())
                    });
                )*
                match self { $(Icon::$name => $name.clone()),* }
            }
        }
    };
}

icons! {
    Inbox => "inbox", Sent => "sent", Drafts => "drafts", Trash => "trash", Junk => "junk",
    Archive => "archive", All => "all", Folder => "folder", Star => "star", StarFilled => "star-filled",
    Paperclip => "paperclip", ChevronRight => "chevron-right", ChevronDown => "chevron-down",
    Settings => "settings", Refresh => "refresh", File => "file", FileText => "file-text", Image => "image",
    Package => "package", Calendar => "calendar", Mail => "mail", Offline => "offline", Online => "online",
    Alert => "alert", Download => "download", Open => "open", Close => "close", Plus => "plus", User => "user",
    Shield => "shield", Reply => "reply", ReplyAll => "reply-all", Forward => "forward",
}

impl Icon {
    pub fn for_role(role: FolderRole) -> Icon {
        match role {
            FolderRole::Inbox => Icon::Inbox,
            FolderRole::Sent => Icon::Sent,
            FolderRole::Drafts => Icon::Drafts,
            FolderRole::Trash => Icon::Trash,
            FolderRole::Junk => Icon::Junk,
            FolderRole::Archive => Icon::Archive,
            FolderRole::All => Icon::All,
            FolderRole::None => Icon::Folder,
        }
    }

    /// An icon for an attachment's MIME type.
    pub fn for_mime(mime: &str) -> Icon {
        let (kind, sub) = mime.split_once('/').unwrap_or((mime, ""));
        match (kind, sub) {
            ("image", _) => Icon::Image,
            ("text", "calendar") | (_, "ics") => Icon::Calendar,
            ("message", _) => Icon::Mail,
            ("text", _) | ("application", "pdf") => Icon::FileText,
            ("application", s)
                if s.contains("zip") || s.contains("tar") || s.contains("compressed") || s.contains("7z") =>
            {
                Icon::Package
            }
            _ => Icon::File,
        }
    }
}

/// The icon at `size` pixels in the current text colour (or `color`).
pub fn icon<'a>(icon: Icon, size: f32) -> Svg<'a, Theme> {
    svg(icon.handle())
        .width(size)
        .height(size)
        .style(|theme: &Theme, _| svg::Style {
            color: Some(theme.palette().text),
        })
}

pub fn icon_colored<'a>(icon: Icon, size: f32, color: impl Fn(&Theme) -> Color + 'a) -> Svg<'a, Theme> {
    svg(icon.handle())
        .width(size)
        .height(size)
        .style(move |theme: &Theme, _| svg::Style {
            color: Some(color(theme)),
        })
}
