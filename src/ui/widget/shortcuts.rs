//! Keyboard shortcuts as a widget: wraps the window's content and turns key presses no
//! inner widget used (a focused text field keeps its keys) into messages. Being part
//! of the widget tree, it works the same in the simulator as in the window.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay, renderer};
use iced::keyboard::{self, Key, Modifiers};
use iced::{Element, Event, Length, Rectangle, Size, Vector};

/// Maps a key press (and its modifiers) to a message, if it is a shortcut.
type OnKey<'a, Message> = Box<dyn Fn(&Key, Modifiers) -> Option<Message> + 'a>;

/// Maps a change of the held modifiers to a message.
type OnModifiers<'a, Message> = Box<dyn Fn(Modifiers) -> Option<Message> + 'a>;

pub struct Shortcuts<'a, Message, Theme, Renderer> {
    content: Element<'a, Message, Theme, Renderer>,
    on_key: OnKey<'a, Message>,
    on_modifiers: Option<OnModifiers<'a, Message>>,
}

impl<'a, Message, Theme, Renderer> Shortcuts<'a, Message, Theme, Renderer> {
    /// Also reports which modifiers are held (for Ctrl+click and Shift+click).
    pub fn on_modifiers(mut self, f: impl Fn(Modifiers) -> Option<Message> + 'a) -> Self {
        self.on_modifiers = Some(Box::new(f));
        self
    }
}

/// Wraps `content`; `on_key` maps an unhandled key press to a message.
pub fn shortcuts<'a, Message, Theme, Renderer>(
    content: impl Into<Element<'a, Message, Theme, Renderer>>,
    on_key: impl Fn(&Key, Modifiers) -> Option<Message> + 'a,
) -> Shortcuts<'a, Message, Theme, Renderer> {
    Shortcuts {
        content: content.into(),
        on_key: Box::new(on_key),
        on_modifiers: None,
    }
}

impl<Message, Theme, Renderer> Widget<Message, Theme, Renderer> for Shortcuts<'_, Message, Theme, Renderer>
where
    Renderer: renderer::Renderer,
{
    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn layout(&mut self, tree: &mut Tree, renderer: &Renderer, limits: &layout::Limits) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        if let Event::Keyboard(keyboard::Event::ModifiersChanged(m)) = event
            && let Some(f) = &self.on_modifiers
            && let Some(message) = f(*m)
        {
            shell.publish(message);
        }
        if shell.is_event_captured() {
            return;
        }
        if let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event
            && let Some(message) = (self.on_key)(key, *modifiers)
        {
            shell.publish(message);
            shell.capture_event();
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content
            .as_widget()
            .mouse_interaction(&tree.children[0], layout, cursor, viewport, renderer)
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content
            .as_widget_mut()
            .overlay(&mut tree.children[0], layout, renderer, viewport, translation)
    }
}

impl<'a, Message: 'a, Theme: 'a, Renderer: renderer::Renderer + 'a>
    From<Shortcuts<'a, Message, Theme, Renderer>> for Element<'a, Message, Theme, Renderer>
{
    fn from(s: Shortcuts<'a, Message, Theme, Renderer>) -> Self {
        Element::new(s)
    }
}
