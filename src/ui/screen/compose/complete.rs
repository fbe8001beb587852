//! Address completion in the To, Cc and Bcc fields: what is typed asks the cache for
//! known addresses, the freshest answer is offered, a pick completes the entry.

use iced::Task;

use super::addresses::typed_part;
use super::{BCC_ID, CC_ID, COMPLETIONS, Completion, Composer, Field, Message, TO_ID};
use crate::core::TernError;
use crate::store::Address;
use crate::ui::env::Env;

impl Composer {
    /// An address field changed: ask for completions of the entry being typed.
    pub(super) fn typed(&mut self, field: Field, value: String, env: &Env) -> Task<Message> {
        *self.field_mut(field) = value;
        self.edited();
        let prefix = typed_part(match field {
            Field::To => &self.to,
            Field::Cc => &self.cc,
            Field::Bcc => &self.bcc,
        })
        .to_string();
        if prefix.chars().count() < 2 {
            self.completion = None;
            return Task::none();
        }
        let now = crate::ui::format::now();
        let query = prefix.clone();
        Task::perform(
            {
                let db = env.db.clone();
                async move {
                    db.read(move |s| s.complete_address(&query, COMPLETIONS, now))
                        .await
                }
            },
            move |r| Message::Completed(field, prefix.clone(), r),
        )
    }

    /// Completions arrived for `prefix`.
    pub(super) fn completed(
        &mut self,
        field: Field,
        prefix: String,
        result: Result<Vec<Address>, TernError>,
    ) {
        let current = typed_part(match field {
            Field::To => &self.to,
            Field::Cc => &self.cc,
            Field::Bcc => &self.bcc,
        });
        // Only the answer for what is typed now counts (answers can overtake).
        if current == prefix {
            self.completion = match result {
                Ok(items) if !items.is_empty() => Some(Completion { field, prefix, items }),
                Ok(_) => None,
                Err(e) => {
                    tracing::debug!("address completion failed: {}", e.message);
                    None
                }
            };
        }
    }

    /// A completion was picked: it replaces the entry being typed.
    pub(super) fn pick(&mut self, field: Field, address: String) -> Task<Message> {
        let text = self.field_mut(field);
        let keep = text.rfind([',', ';']).map(|i| text[..=i].to_string());
        *text = match keep {
            Some(head) => format!("{head} {address}, "),
            None => format!("{address}, "),
        };
        self.completion = None;
        self.edited();
        // Typing goes on in the field (the click on a completion took the focus).
        let id = match field {
            Field::To => TO_ID,
            Field::Cc => CC_ID,
            Field::Bcc => BCC_ID,
        };
        iced::widget::operation::focus(id)
    }
}
