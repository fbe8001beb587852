//! Showing one notification on the desktop (notify-rust: D-Bus through zbus on Linux and
//! the BSDs, the platform's own service elsewhere) and learning whether it was clicked.

/// The translated text of one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// "3 new messages"
    pub summary: String,
    /// "Alice: Lunch?" lines (see `Batch::body`).
    pub body: String,
    /// The label of the click action ("Open"), where the platform shows one.
    pub open_label: String,
}

/// A notification on screen.
pub struct Shown {
    #[cfg(all(unix, not(target_os = "macos")))]
    handle: notify_rust::NotificationHandle,
}

/// Sends the notification. An error (no notification service running, for one) is
/// for the log only: missing a notification is not the user's problem to solve.
pub async fn show(notice: &Notice) -> Result<Shown, String> {
    let mut notification = notify_rust::Notification::new();
    notification
        .appname("Tern")
        .summary(&notice.summary)
        .body(&notice.body)
        .icon("mail-unread");
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        notification.action("default", &notice.open_label);
        let handle = notification.show_async().await.map_err(|e| e.to_string())?;
        Ok(Shown { handle })
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        tokio::task::spawn_blocking(move || notification.show().map(|_| ()))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        Ok(Shown {})
    }
}

impl Shown {
    /// Waits until the notification is clicked (true) or closed (false). Where the
    /// platform reports no clicks, false at once.
    pub async fn clicked(self) -> bool {
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let mut clicked = false;
            self.handle
                .wait_for_action_async(|response| {
                    clicked = matches!(response, notify_rust::NotificationResponse::Default)
                        || matches!(response, notify_rust::NotificationResponse::Action(a) if a == "default");
                })
                .await;
            clicked
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            false
        }
    }
}
